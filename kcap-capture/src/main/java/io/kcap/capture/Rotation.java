package io.kcap.capture;

import java.time.Duration;
import java.util.Objects;

/**
 * When a capture file is closed and a new one started: after {@code interval} (counted from the
 * file's first packet) or once it would grow past {@code maxFileBytes}, whichever comes first. At
 * most {@code maxRotatedFiles} rotated files are kept per stream; the oldest go first. {@link
 * #NONE} never rotates.
 *
 * @param interval the longest time a file covers; {@link CaptureLimits#FOREVER} for no limit
 * @param maxFileBytes the largest file size; a file always takes at least one packet; {@link
 *     Long#MAX_VALUE} for no limit
 * @param maxRotatedFiles rotated files to keep (the active file is not counted); {@link
 *     Integer#MAX_VALUE} to keep all
 */
public record Rotation(Duration interval, long maxFileBytes, int maxRotatedFiles) {
  public static final Rotation NONE =
      new Rotation(CaptureLimits.FOREVER, Long.MAX_VALUE, Integer.MAX_VALUE);

  public Rotation {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("rotation interval " + interval + " is not positive");
    }
    if (maxFileBytes < 1) {
      throw new IllegalArgumentException("rotation size " + maxFileBytes + " is below 1 byte");
    }
    if (maxRotatedFiles < 0) {
      throw new IllegalArgumentException("rotated file count " + maxRotatedFiles + " is negative");
    }
  }

  public Rotation withInterval(Duration every) {
    return new Rotation(every, maxFileBytes, maxRotatedFiles);
  }

  public Rotation withMaxFileBytes(long bytes) {
    return new Rotation(interval, bytes, maxRotatedFiles);
  }

  public Rotation withMaxRotatedFiles(int files) {
    return new Rotation(interval, maxFileBytes, files);
  }

  /** Whether files are ever rotated. */
  public boolean rotates() {
    return !interval.equals(CaptureLimits.FOREVER) || maxFileBytes != Long.MAX_VALUE;
  }
}
