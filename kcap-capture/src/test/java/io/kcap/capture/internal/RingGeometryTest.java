package io.kcap.capture.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RingGeometryTest {
  @Test
  void ringsAreCutIntoSixteenBlocksOfAtMostFourMebibytes() {
    RingGeometry geometry = RingGeometry.forRingSize(64L << 20, 100);
    assertThat(geometry.blockSize()).isEqualTo(4 << 20);
    assertThat(geometry.blockCount()).isEqualTo(16);
    assertThat(geometry.ringSize()).isEqualTo(64L << 20);
    assertThat(RingGeometry.forRingSize(1L << 30, 100).blockSize()).isEqualTo(4 << 20);
    assertThat(RingGeometry.forRingSize(32L << 20, 100).blockSize()).isEqualTo(2 << 20);
  }

  @Test
  void smallRingsKeepBlocksLargeEnoughForAGsoPacket() {
    RingGeometry geometry = RingGeometry.forRingSize(256L << 10, 100);
    assertThat(geometry.blockSize()).isEqualTo(128 << 10);
    assertThat(geometry.blockCount()).isEqualTo(2);
  }

  @Test
  void aRingSizeThatIsNotAWholeNumberOfBlocksIsRoundedDown() {
    RingGeometry geometry = RingGeometry.forRingSize((20L << 20) + 12345, 100);
    assertThat(geometry.blockSize()).isEqualTo(1 << 20);
    assertThat(geometry.blockCount()).isEqualTo(20);
    assertThat(geometry.frameCount()).isEqualTo((20 << 20) / 2048);
  }
}
