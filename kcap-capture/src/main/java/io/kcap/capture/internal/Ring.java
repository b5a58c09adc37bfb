package io.kcap.capture.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A TPACKET_V3 receive ring mapped into this process: blocks the kernel fills and hands over by
 * setting TP_STATUS_USER in the block header, and that the reader returns with TP_STATUS_KERNEL.
 *
 * <p>Each block has two ByteBuffer views made once: a writable one for headers (and for moving
 * bytes to reinsert a VLAN tag) and a read-only one that sinks see. Unmapping happens when the ring
 * closes; a view used after that fails instead of touching unmapped memory.
 */
final class Ring implements AutoCloseable {
  private final Arena arena;
  private final MemorySegment memory;
  private final RingGeometry geometry;
  private final ByteBuffer[] headers;
  private final ByteBuffer[] payloads;

  private Ring(Arena arena, MemorySegment memory, RingGeometry geometry) {
    this.arena = arena;
    this.memory = memory;
    this.geometry = geometry;
    int count = geometry.blockCount();
    headers = new ByteBuffer[count];
    payloads = new ByteBuffer[count];
    for (int i = 0; i < count; i++) {
      ByteBuffer view = memory.asSlice(blockBase(i), geometry.blockSize()).asByteBuffer();
      headers[i] = view.order(ByteOrder.nativeOrder());
      payloads[i] = view.asReadOnlyBuffer();
    }
  }

  /** Asks the kernel for the ring on {@code socket} and maps it. */
  @SuppressWarnings("restricted")
  static Ring attach(PacketSocket socket, RingGeometry geometry) {
    socket.requestRing(geometry);
    long size = geometry.ringSize();
    long address = socket.mapRing(size);
    Arena arena = Arena.ofShared();
    MemorySegment memory =
        MemorySegment.ofAddress(address)
            .reinterpret(size, arena, mapped -> Libc.unmapOwn(address, size));
    return new Ring(arena, memory, geometry);
  }

  int blockCount() {
    return geometry.blockCount();
  }

  private long blockBase(int block) {
    return (long) block * geometry.blockSize();
  }

  /**
   * Whether the kernel has handed {@code block} over; an acquire, so its packets are visible.
   *
   * <p>Plain buffer reads and fences rather than a VarHandle: this runs once per block, too rarely
   * for the JIT to compile it early, and an interpreted VarHandle access costs tens of
   * microseconds.
   */
  boolean userOwns(int block) {
    int status = headers[block].getInt(Abi.BLOCK_STATUS);
    VarHandle.acquireFence();
    return (status & Abi.TP_STATUS_USER) != 0;
  }

  /** Whether the kernel dropped packets for want of room since the drop counter was last read. */
  boolean losing(int block) {
    return (headers[block].getInt(Abi.BLOCK_STATUS) & Abi.TP_STATUS_LOSING) != 0;
  }

  int packetCount(int block) {
    return headers[block].getInt(Abi.BLOCK_NUM_PKTS);
  }

  int blockSize() {
    return geometry.blockSize();
  }

  /**
   * Bytes of {@code block} in use, its header included. Of the block the kernel is filling this is
   * a snapshot: the kernel adds to it with every packet.
   */
  int bytesUsed(int block) {
    return headers[block].getInt(Abi.BLOCK_LEN);
  }

  /**
   * How long a block the kernel handed over took to fill: from its first packet to its last, 0 if
   * it holds fewer than two or the clock went back. (The block's own opening time would count the
   * quiet time before a flood too.)
   */
  long fillNanos(int block) {
    ByteBuffer header = headers[block];
    if (packetCount(block) < 2) {
      return 0;
    }
    int firstPacket = firstPacketOffset(block);
    long first =
        nanos(header.getInt(firstPacket + Abi.PKT_SEC), header.getInt(firstPacket + Abi.PKT_NSEC));
    long last = nanos(header.getInt(Abi.BLOCK_TS_LAST_SEC), header.getInt(Abi.BLOCK_TS_LAST_NSEC));
    return Math.max(last - first, 0);
  }

  /** How long the kernel keeps a partly filled block before handing it over. */
  long blockTimeoutNanos() {
    return geometry.blockTimeoutMillis() * 1_000_000L;
  }

  private static long nanos(int seconds, int nanos) {
    return Integer.toUnsignedLong(seconds) * 1_000_000_000L + Integer.toUnsignedLong(nanos);
  }

  int firstPacketOffset(int block) {
    int offset = headers[block].getInt(Abi.BLOCK_OFFSET_TO_FIRST_PKT);
    return offset == 0 ? Abi.BLOCK_HEADER_SIZE : offset;
  }

  ByteBuffer headers(int block) {
    return headers[block];
  }

  ByteBuffer payload(int block) {
    return payloads[block];
  }

  /**
   * Gives {@code block} back to the kernel. The packet count is cleared first: a block the kernel
   * has not reopened yet must not look as if it held the packets of its last round.
   */
  void release(int block) {
    headers[block].putInt(Abi.BLOCK_NUM_PKTS, 0);
    VarHandle.releaseFence();
    headers[block].putInt(Abi.BLOCK_STATUS, Abi.TP_STATUS_KERNEL);
  }

  @Override
  public void close() {
    arena.close();
  }
}
