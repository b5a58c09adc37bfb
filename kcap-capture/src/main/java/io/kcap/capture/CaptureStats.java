package io.kcap.capture;

/**
 * How much a capture has recorded so far.
 *
 * @param packets packets handed to the sink
 * @param bytes captured bytes handed to the sink (after the snap length)
 * @param drops packets the kernel dropped because the ring was full
 */
public record CaptureStats(long packets, long bytes, long drops) {
  public static final CaptureStats ZERO = new CaptureStats(0, 0, 0);

  public CaptureStats {
    if (packets < 0 || bytes < 0 || drops < 0) {
      throw new IllegalArgumentException(
          "negative capture counters: " + packets + " packets, " + bytes + " bytes, " + drops);
    }
  }
}
