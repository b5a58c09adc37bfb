package io.kcap.capture.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the capture loop waits on the clock for a block instead of polling its socket. */
class RingReaderTest {
  private static final int BLOCK = 4 << 20;
  private static final long MILLIS = 1_000_000L;
  private static final long TIMEOUT = 100 * MILLIS;

  @Test
  void aBlockFilledLikeTheOneBeforeIsWaitedForTheRestOfItsFillTime() {
    // The block before took 80 ms to fill; this one is a quarter full: 60 ms to go.
    assertThat(RingReader.floodWaitNanos(80 * MILLIS, BLOCK, BLOCK / 4, -1, TIMEOUT))
        .isEqualTo(60 * MILLIS);
    // Waited once at a quarter, now at three quarters: 20 ms to go.
    assertThat(RingReader.floodWaitNanos(80 * MILLIS, BLOCK, 3 * BLOCK / 4, BLOCK / 4, TIMEOUT))
        .isEqualTo(20 * MILLIS);
  }

  @Test
  void aBlockAlmostFullIsWaitedForAtLeastTheShortestWait() {
    assertThat(RingReader.floodWaitNanos(80 * MILLIS, BLOCK, BLOCK - 64, -1, TIMEOUT))
        .isEqualTo(RingReader.MIN_FLOOD_WAIT_NANOS);
  }

  @Test
  void withoutAFloodTheSocketIsPolled() {
    // The block before did not fill up: it came on its timeout, or at a stop.
    assertThat(RingReader.floodWaitNanos(0, BLOCK, BLOCK / 2, -1, TIMEOUT)).isZero();
  }

  @Test
  void aBlockThatStoppedGrowingSinceTheLastWaitIsPolledFor() {
    // The flood ended: polling lets the block's timeout hand it over, and a stop wake the loop.
    assertThat(RingReader.floodWaitNanos(80 * MILLIS, BLOCK, BLOCK / 2, BLOCK / 2, TIMEOUT))
        .isZero();
    // The kernel reopened the block after the wait: its count restarted from the header.
    assertThat(RingReader.floodWaitNanos(80 * MILLIS, BLOCK, 48, BLOCK / 2, TIMEOUT)).isZero();
  }

  @Test
  void aFullOrOddBlockIsPolledFor() {
    assertThat(RingReader.floodWaitNanos(80 * MILLIS, BLOCK, BLOCK, -1, TIMEOUT)).isZero();
  }

  @Test
  void aWaitIsNeverLongerThanTheBlockTimeout() {
    // The block before filled in 80 ms, but the kernel hands a block over after 10 ms anyway.
    long timeout = 10 * MILLIS;
    assertThat(RingReader.floodWaitNanos(80 * MILLIS, BLOCK, 48, -1, timeout))
        .isEqualTo(timeout * (BLOCK - 48) / BLOCK);
  }

  @Test
  void aBlockThatTookLongerThanAFloodSIsPolledFor() {
    // Traffic paused and came back while the block was open: its first packet was 740 ms before
    // its last. Waiting that long on the clock would sleep through the returning flood.
    assertThat(RingReader.floodWaitNanos(740 * MILLIS, BLOCK, BLOCK / 8, -1, 1000 * MILLIS))
        .isZero();
    assertThat(
            RingReader.floodWaitNanos(
                RingReader.MAX_FLOOD_FILL_NANOS + 1, BLOCK, BLOCK / 8, -1, 1000 * MILLIS))
        .isZero();
    // At the limit it is still a flood's block.
    assertThat(
            RingReader.floodWaitNanos(
                RingReader.MAX_FLOOD_FILL_NANOS, BLOCK, BLOCK / 2, -1, 1000 * MILLIS))
        .isEqualTo(RingReader.MAX_FLOOD_FILL_NANOS / 2);
  }
}
