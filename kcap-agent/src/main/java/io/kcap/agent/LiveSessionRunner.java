package io.kcap.agent;

import io.kcap.capture.CaptureEnd;
import io.kcap.capture.CaptureException;
import io.kcap.capture.CaptureFilter;
import io.kcap.capture.CaptureFormat;
import io.kcap.capture.CaptureOptions;
import io.kcap.capture.CaptureSession;
import io.kcap.capture.PcapFilterCompiler;
import io.kcap.capture.RotatingFileSink;
import io.kcap.capture.Rotation;
import io.kcap.capture.filter.TrafficFilterCompiler;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs sessions with kcap's live capture engine: an AF_PACKET ring on the pod's host-side
 * interface, the capture's filter compiled for the interface's link type (kcap's filters in pure
 * Java, a {@code bpf} expression by libpcap), into files rotated as the node's settings say.
 *
 * <p>In pcapng each file names the interface ({@code if_name}) and says which capture and pod it
 * records ({@code if_description}, e.g. {@code shop/web on shop/web-1 (cali12ab)}); every file,
 * rotated or last, ends with the kernel's drop count.
 */
public final class LiveSessionRunner implements SessionRunner {
  private final InstantSource clock;

  /**
   * @param clock rotates files by time and names rotated files
   */
  public LiveSessionRunner(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public RunningSession start(SessionSpec spec, CaptureBudget budget) {
    CaptureFormat format =
        switch (spec.format()) {
          case PCAP -> CaptureFormat.PCAP;
          case PCAPNG -> CaptureFormat.PCAPNG;
        };
    FileRotation rotation = spec.rotation();
    CountingSink sink =
        new CountingSink(
            new RotatingFileSink(
                spec.activeFile(),
                format,
                new Rotation(
                    rotation.interval(), rotation.maxFileBytes(), rotation.maxRotatedFiles()),
                clock),
            budget);
    try {
      CaptureOptions.Builder options =
          CaptureOptions.on(spec.key().interfaceName())
              .snapLength(spec.snapLength())
              .ringSize(spec.ringBytes())
              .description(spec.key().toString());
      filter(spec.traffic()).ifPresent(options::filter);
      return new LiveSession(CaptureSession.open(options.build(), sink, clock), sink);
    } catch (CaptureException | IllegalArgumentException e) {
      throw new AgentException(e.getMessage(), e);
    }
  }

  private static Optional<CaptureFilter> filter(TrafficSelection traffic) {
    return switch (traffic) {
      case TrafficSelection.AllTraffic all -> Optional.empty();
      case TrafficSelection.Filters(var filters) ->
          Optional.of(
              (linkType, snapLength) ->
                  TrafficFilterCompiler.compile(filters, linkType, snapLength));
      case TrafficSelection.Expression(String expression) ->
          Optional.of(
              (linkType, snapLength) ->
                  PcapFilterCompiler.compile(expression, linkType, snapLength));
    };
  }

  /** A running engine session, seen through the agent's types. */
  private record LiveSession(CaptureSession session, CountingSink sink) implements RunningSession {
    @Override
    public SessionStats stats() {
      return sink.stats(session.stats().drops());
    }

    @Override
    public Optional<SessionEnd> end() {
      return session.end().map(this::convert);
    }

    @Override
    public SessionEnd stop() {
      return convert(session.stop());
    }

    private SessionEnd convert(CaptureEnd end) {
      SessionStats stats = sink.stats(end.stats().drops());
      return switch (end) {
        case CaptureEnd.Stopped stopped -> new SessionEnd.Stopped(stats);
        // The agent sets no engine limits (its limits are per node, see CaptureBudget).
        case CaptureEnd.LimitReached reached -> new SessionEnd.Stopped(stats);
        case CaptureEnd.InterfaceGone gone -> new SessionEnd.InterfaceGone(stats);
        case CaptureEnd.Failed(String message, var ignored) ->
            new SessionEnd.Failed(message, stats);
      };
    }
  }
}
