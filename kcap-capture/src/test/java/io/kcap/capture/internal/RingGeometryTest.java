package io.kcap.capture.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RingGeometryTest {
  @Test
  void largeRingsGetOneMebibyteBlocks() {
    RingGeometry geometry = RingGeometry.forRingSize(64L << 20, 100);
    assertThat(geometry.blockSize()).isEqualTo(1 << 20);
    assertThat(geometry.blockCount()).isEqualTo(64);
    assertThat(geometry.ringSize()).isEqualTo(64L << 20);
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
