package io.kcap.capture;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a capture hands its packets: a file writer, a rotating writer, a stream, a test's list.
 *
 * <p>All calls come from the capture's one thread, in this order: {@link #start} once, then
 * packets, flushes and counters, then {@link #finish} once. {@link #packet} is the hot path: it
 * must copy what it keeps before returning (the bytes live in the kernel's ring and are handed back
 * right after) and should not allocate.
 */
public interface PacketSink {

  /** Called once when the ring is attached, before any packet. */
  void start(CaptureInfo capture) throws IOException;

  /**
   * One packet.
   *
   * @param timestampNanos when the kernel saw it, nanoseconds since the Unix epoch
   * @param originalLength its length on the wire
   * @param data the captured bytes, from position to limit; read-only and valid only during the
   *     call
   */
  void packet(long timestampNanos, int originalLength, ByteBuffer data) throws IOException;

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
