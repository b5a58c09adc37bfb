package io.kcap.agent;

import java.util.List;
import java.util.Objects;

/**
 * What one capture's sessions on this node are doing: how many run, what went wrong with the ones
 * that do not, and what all of them wrote since the agent started.
 *
 * @param running sessions capturing now
 * @param errors one line per session that failed to start or stopped by itself
 * @param stats counters of the running sessions and of the ones before them
 */
record CaptureActivity(int running, List<String> errors, SessionStats stats) {
  static final CaptureActivity NONE = new CaptureActivity(0, List.of(), SessionStats.ZERO);

  CaptureActivity {
    errors = List.copyOf(errors);
    Objects.requireNonNull(stats, "stats");
  }
}
