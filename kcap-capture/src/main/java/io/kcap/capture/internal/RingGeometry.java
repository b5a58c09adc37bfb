package io.kcap.capture.internal;

/**
 * How a TPACKET_V3 ring is cut into blocks.
 *
 * <p>A ring has 16 blocks of 128 KiB to 4 MiB. A block is what one {@code poll} hands over, and
 * every hand-over costs a wake-up, a drop-counter check and a write: with 60-byte packets, 128 KiB
 * blocks cost 0.07 CPU-seconds per million packets more than 1 MiB blocks, and 4 MiB blocks cost
 * less again (bench/capture-compare.sh). Sixteen blocks keep the kernel filling while the reader
 * holds one. Every block holds at least a 64 KiB GSO packet from a veth, since a packet never spans
 * blocks.
 *
 * @param blockSize bytes per block, a power of two pages
 * @param blockCount number of blocks
 * @param blockTimeoutMillis how long the kernel lets a partly filled block wait before handing it
 *     over
 */
public record RingGeometry(int blockSize, int blockCount, int blockTimeoutMillis) {
  static final int MIN_BLOCK_SIZE = 128 * 1024;
  static final int MAX_BLOCK_SIZE = 4 * 1024 * 1024;

  public RingGeometry {
    if (Integer.bitCount(blockSize) != 1 || blockSize < MIN_BLOCK_SIZE) {
      throw new IllegalArgumentException(
          "ring block size " + blockSize + " is not a power of two of at least " + MIN_BLOCK_SIZE);
    }
    if (blockCount < 2) {
      throw new IllegalArgumentException("ring of " + blockCount + " blocks; at least 2 needed");
    }
    if (blockTimeoutMillis < 1) {
      throw new IllegalArgumentException("block timeout " + blockTimeoutMillis + " ms is below 1");
    }
  }

  /** The geometry for a ring of about {@code ringSize} bytes (rounded down to whole blocks). */
  public static RingGeometry forRingSize(long ringSize, int blockTimeoutMillis) {
    long blockSize = Long.highestOneBit(Math.max(ringSize / 16, 1));
    blockSize = Math.clamp(blockSize, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE);
    return new RingGeometry(
        (int) blockSize,
        (int) Math.min(ringSize / blockSize, Integer.MAX_VALUE),
        blockTimeoutMillis);
  }

  public long ringSize() {
    return (long) blockSize * blockCount;
  }

  int frameCount() {
    return Math.toIntExact(ringSize() / Abi.RING_FRAME_SIZE);
  }
}
