package io.kcap.agent;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the agent should be doing at one instant: the sessions that should run, where each capture
 * stands on this node, and when that next changes by itself (a start or end time, a duration
 * limit).
 */
record Plan(
    SortedMap<SessionKey, SessionSpec> sessions,
    SortedMap<CaptureKey, CapturePlan> captures,
    Optional<Instant> nextChange) {

  Plan {
    sessions = Collections.unmodifiableSortedMap(new TreeMap<>(sessions));
    captures = Collections.unmodifiableSortedMap(new TreeMap<>(captures));
    Objects.requireNonNull(nextChange, "nextChange");
  }

  static final Plan EMPTY = new Plan(new TreeMap<>(), new TreeMap<>(), Optional.empty());

  /** Where one capture stands on this node. */
  enum Phase {
    /** Its start time is ahead. */
    SCHEDULED,
    /** It should capture its selected pods on this node (there may be none). */
    ACTIVE,
    /** Its end time passed, or a limit was reached on this node. */
    FINISHED,
    /** It cannot run as written; the message says why. */
    INVALID
  }

  /**
   * @param message why it is finished or invalid; empty otherwise
   * @param sessions the sessions it should run, when active
   */
  record CapturePlan(CaptureKey key, Phase phase, String message, List<SessionKey> sessions) {
    CapturePlan {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(message, "message");
      sessions = List.copyOf(sessions);
    }
  }
}
