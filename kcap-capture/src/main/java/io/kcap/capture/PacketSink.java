package io.kcap.capture;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a capture hands its packets: a file writer, a rotating writer, a stream, a test's list.
 *
 * <p>All calls come from the capture's one thread, in this order: {@link #start} once, then
 * packets, flushes and counters, then {@link #finish} once. {@link #packet(long, int, int,
 * ByteBuffer, int, int)} is the hot path: it must copy what it keeps before returning (the bytes
 * live in the kernel's ring and are handed back right after) and should not allocate.
 */
public interface PacketSink {

  /** Called once when the ring is attached, before any packet. */
  void start(CaptureInfo capture) throws IOException;

  /**
   * One packet, as the capture ring holds it: the time in the kernel's two fields, and the bytes in
   * place among the ring block's other packets, so that the capture loop hands a packet on without
   * positioning a buffer for it or joining its time into one number.
   *
   * @param seconds when the kernel saw it: seconds since the Unix epoch
   * @param nanos and nanoseconds into that second, 0 to 999,999,999
   * @param originalLength its length on the wire
   * @param frames holds the captured bytes at indexes {@code offset} to {@code offset + length};
   *     read-only and valid only during the call, its position and limit meaning nothing
   */
  void packet(
      long seconds, int nanos, int originalLength, ByteBuffer frames, int offset, int length)
      throws IOException;

  /**
   * One packet whose bytes are a buffer's from its position to its limit; the same as the packet
   * given in the ring's form. For callers that are not the capture loop, such as tests.
   *
   * @param timestampNanos when the kernel saw it, nanoseconds since the Unix epoch
   */
  default void packet(long timestampNanos, int originalLength, ByteBuffer data) throws IOException {
    packet(
        Math.floorDiv(timestampNanos, 1_000_000_000L),
        (int) Math.floorMod(timestampNanos, 1_000_000_000L),
        originalLength,
        data,
        data.position(),
        data.remaining());
  }

  /**
   * Called when the packets pause after a block from the ring, every quarter of a second while
   * blocks keep coming, and about once a second while no packets come: the moment to hand buffered
   * packets on, or to rotate a file by time.
   */
  void flush() throws IOException;

  /**
   * The capture's counters each time the capture thread reads them: after each ring block and about
   * once a second while no packets come. A sink that records them in each file it completes (pcapng
   * ends every file with a statistics block) keeps the latest; a sink that wraps another passes
   * them on. Called on the capture thread, between packets.
   */
  default void counters(CaptureStats stats) {}

  /** Called once when the capture ends, with its final counters; completes the output. */
  void finish(CaptureStats stats) throws IOException;
}
