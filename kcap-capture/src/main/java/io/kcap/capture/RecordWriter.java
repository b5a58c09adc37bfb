package io.kcap.capture;

import io.kcap.capture.internal.RecordOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.InstantSource;

/** Writes one capture file or stream in one format; the sinks share it. */
interface RecordWriter {

  /**
   * Starts a file: its header is written (buffered) at once.
   *
   * @param captureStartNanos when the capture began, nanoseconds since the Unix epoch; the counters
   *     a file ends with count from then, also in a file started by rotation
   */
  static RecordWriter open(
      CaptureFormat format, RecordOutput output, CaptureInfo info, long captureStartNanos)
      throws IOException {
    return switch (format) {
      case PCAP -> new PcapRecordWriter(output, info);
      case PCAPNG -> new PcapNgRecordWriter(output, info, captureStartNanos);
    };
  }

  /** The clock's time in nanoseconds since the Unix epoch, as the writers take it. */
  static long nanos(InstantSource clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** One record; the arguments are {@link PacketSink}'s for the packet in the ring's form. */
  void packet(
      long seconds, int nanos, int originalLength, ByteBuffer frames, int offset, int length)
      throws IOException;

  /**
   * Bytes the file will have, once completed, if a packet of {@code capturedLength} bytes is added:
   * what a size limit is checked against.
   */
  long sizeWith(int capturedLength);

  void flush() throws IOException;

  /**
   * Completes the file with the capture's counters as they are at {@code nowNanos} (where the
   * format has room for them) and closes its output. Calling it again does nothing.
   *
   * @param stats the packets and bytes written to this stream so far (all its files), and the
   *     kernel's drops since the capture began
   */
  void finish(CaptureStats stats, long nowNanos) throws IOException;
}
