package io.kcap.agent;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.ToLongFunction;

/**
 * The agent's Prometheus metrics, in the text exposition format 0.0.4: per capture the packets,
 * bytes and drops of its sessions on this node (counters, labelled {@code namespace} and {@code
 * name}), the sessions running now, and failed file writes.
 */
public final class AgentMetrics {
  /** The {@code Content-Type} of {@link #exposition()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final SessionManager sessions;

  AgentMetrics(SessionManager sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /** The metrics as Prometheus scrapes them. */
  public String exposition() {
    SortedMap<CaptureKey, CaptureActivity> activity = sessions.activity();
    StringBuilder text = new StringBuilder();
    counter(
        text,
        "kcap_capture_packets_total",
        "Packets written to capture files on this node.",
        activity,
        SessionStats::packets);
    counter(
        text,
        "kcap_capture_bytes_total",
        "Captured bytes of the packets written on this node.",
        activity,
        SessionStats::bytes);
    counter(
        text,
        "kcap_capture_drops_total",
        "Packets the kernel dropped before kcap could read them.",
        activity,
        SessionStats::drops);
    header(text, "kcap_active_sessions", "Capture sessions running now.", "gauge");
    text.append("kcap_active_sessions ").append(sessions.runningCount()).append('\n');
    header(text, "kcap_write_errors_total", "Writes to capture files that failed.", "counter");
    text.append("kcap_write_errors_total ").append(sessions.writeErrors()).append('\n');
    return text.toString();
  }

  private static void counter(
      StringBuilder text,
      String name,
      String help,
      Map<CaptureKey, CaptureActivity> activity,
      ToLongFunction<SessionStats> value) {
    header(text, name, help, "counter");
    activity.forEach(
        (capture, a) ->
            text.append(name)
                .append("{namespace=\"")
                .append(escape(capture.namespace()))
                .append("\",name=\"")
                .append(escape(capture.name()))
                .append("\"} ")
                .append(value.applyAsLong(a.stats()))
                .append('\n'));
  }

  private static void header(StringBuilder text, String name, String help, String type) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** Label values escape backslash, double quote and line feed (exposition format 0.0.4). */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
