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
    // The block before took a minute (a trickle that filled it): by the block timeout the kernel
    // hands this one over anyway.
    assertThat(RingReader.floodWaitNanos(60_000 * MILLIS, BLOCK, 48, -1, TIMEOUT))
        .isEqualTo(TIMEOUT * (BLOCK - 48) / BLOCK);
  }
}
