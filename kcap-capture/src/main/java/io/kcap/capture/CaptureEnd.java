package io.kcap.capture;

import java.util.Objects;

/** Why a capture ended, with its final counters. */
public sealed interface CaptureEnd {
  CaptureStats stats();

  /** Someone stopped it; every packet that reached the ring before the stop was recorded. */
  record Stopped(CaptureStats stats) implements CaptureEnd {}

  /** A packet, byte or duration limit was reached. */
  record LimitReached(Limit limit, CaptureStats stats) implements CaptureEnd {}

  /** The interface was deleted (its pod went away); everything before that was recorded. */
  record InterfaceGone(CaptureStats stats) implements CaptureEnd {}

  /** Recording failed, e.g. the disk is full; the message says why in one line. */
  record Failed(String message, CaptureStats stats) implements CaptureEnd {
    public Failed {
      Objects.requireNonNull(message, "message");
    }
  }

  /** The limits of {@link CaptureLimits}. */
  enum Limit {
    PACKETS,
    BYTES,
    DURATION
  }
}
