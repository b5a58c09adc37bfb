package io.kcap.capture;

import java.time.Duration;
import java.util.Objects;

/**
 * When a capture ends by itself: after so many packets, so many captured bytes, or so much time,
 * whichever comes first. {@link #NONE} runs until stopped.
 *
 * @param maxPackets packets to record; {@link Long#MAX_VALUE} for no limit
 * @param maxBytes captured bytes to record; a packet that would go past it is not recorded and ends
 *     the capture; {@link Long#MAX_VALUE} for no limit
 * @param maxDuration how long to capture from the moment the ring is attached; {@link #FOREVER} for
 *     no limit
 */
public record CaptureLimits(long maxPackets, long maxBytes, Duration maxDuration) {
  /** The duration that means no time limit. */
  public static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

  public static final CaptureLimits NONE =
      new CaptureLimits(Long.MAX_VALUE, Long.MAX_VALUE, FOREVER);

  public CaptureLimits {
    Objects.requireNonNull(maxDuration, "maxDuration");
    if (maxPackets < 1) {
      throw new IllegalArgumentException("packet limit " + maxPackets + " is below 1");
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("byte limit " + maxBytes + " is below 1");
    }
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("duration limit " + maxDuration + " is not positive");
    }
  }

  public CaptureLimits withMaxPackets(long packets) {
    return new CaptureLimits(packets, maxBytes, maxDuration);
  }

  public CaptureLimits withMaxBytes(long bytes) {
    return new CaptureLimits(maxPackets, bytes, maxDuration);
  }

  public CaptureLimits withMaxDuration(Duration duration) {
    return new CaptureLimits(maxPackets, maxBytes, duration);
  }
}
