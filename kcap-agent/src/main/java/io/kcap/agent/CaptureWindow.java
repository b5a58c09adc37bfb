package io.kcap.agent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a capture runs, by Calico's rules: it starts at {@code startTime}, or at once when that is
 * absent or past, and stops at {@code endTime}, or never when that is absent.
 *
 * <p>Because the phase is computed from the times and the clock alone, every change of the times is
 * handled the way Calico documents: a start moved into the future stops the capture now and starts
 * it then; an end moved into the past stops it now.
 */
public record CaptureWindow(Optional<Instant> start, Optional<Instant> end) {

  /** Where a capture is in its window at some instant. */
  public enum Phase {
    /** Its start is still ahead. */
    SCHEDULED,
    /** Between start and end: it captures. */
    ACTIVE,
    /** Its end has passed. */
    FINISHED
  }

  public CaptureWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
      throw new IllegalArgumentException(
          "end time " + end.get() + " is not after start time " + start.get());
    }
  }

  /** A window open from now on, until deleted. */
  public static CaptureWindow always() {
    return new CaptureWindow(Optional.empty(), Optional.empty());
  }

  public Phase phaseAt(Instant now) {
    if (end.isPresent() && !now.isBefore(end.get())) {
      return Phase.FINISHED;
    }
    if (start.isPresent() && now.isBefore(start.get())) {
      return Phase.SCHEDULED;
    }
    return Phase.ACTIVE;
  }

  /** The next instant after {@code now} at which the phase changes, if any. */
  public Optional<Instant> nextChangeAfter(Instant now) {
    return switch (phaseAt(now)) {
      case SCHEDULED -> start;
      case ACTIVE -> end;
      case FINISHED -> Optional.empty();
    };
  }
}
