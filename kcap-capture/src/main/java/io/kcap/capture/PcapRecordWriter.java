package io.kcap.capture;

import io.kcap.capture.internal.RecordOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Classic pcap (nanosecond magic, little-endian) written straight into its output's large buffer.
 *
 * <p>The capture loop's own writer: a record is two absolute puts for its header and one bulk copy
 * from the ring, with no buffer bookkeeping in between and no arithmetic on the kernel's time.
 * kcap-pcap's general {@code PcapWriter} produces the same bytes; this one costs about half as much
 * per packet, which is what the capture benchmark is about.
 */
final class PcapRecordWriter implements RecordWriter {
  static final int BUFFER_SIZE = RecordOutput.BUFFER_SIZE;
  private static final int FILE_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int NANOSECOND_MAGIC = 0xA1B23C4D;

  private final RecordOutput output;
  private final ByteBuffer buffer;
  private int position;

  /** Bytes of the file before the buffer's first. */
  private long written;

  private boolean closed;

  PcapRecordWriter(RecordOutput output, CaptureInfo info) {
    this.output = output;
    this.buffer = output.buffer().order(ByteOrder.LITTLE_ENDIAN);
    buffer
        .putInt(0, NANOSECOND_MAGIC)
        .putShort(4, (short) 2)
        .putShort(6, (short) 4)
        .putInt(8, 0) // thiszone: timestamps are UTC
        .putInt(12, 0) // sigfigs
        .putInt(16, info.snapLength())
        .putInt(20, info.linkType().value());
    position = FILE_HEADER;
  }

  @Override
  public void packet(
      long seconds, int nanos, int originalLength, ByteBuffer frames, int offset, int length)
      throws IOException {
    if (BUFFER_SIZE - position < RECORD_HEADER + length) {
      drain(false);
      if (BUFFER_SIZE - position < RECORD_HEADER + length) {
        writeLarge(seconds, nanos, originalLength, frames, offset, length);
        return;
      }
    }
    buffer.putLong(position, seconds & 0xFFFFFFFFL | (long) nanos << 32);
    buffer.putLong(position + 8, length & 0xFFFFFFFFL | (long) originalLength << 32);
    buffer.put(position + RECORD_HEADER, frames, offset, length);
    position += RECORD_HEADER + length;
  }

  /** A record that does not fit the buffer (only with a huge snap length): written in pieces. */
  private void writeLarge(
      long seconds, int nanos, int originalLength, ByteBuffer frames, int offset, int length)
      throws IOException {
    buffer.putInt(position, (int) seconds);
    buffer.putInt(position + 4, nanos);
    buffer.putInt(position + 8, length);
    buffer.putInt(position + 12, originalLength);
    position += RECORD_HEADER;
    int done = 0;
    while (done < length) {
      if (position == BUFFER_SIZE) {
        drain(false);
      }
      int piece = Math.min(length - done, BUFFER_SIZE - position);
      buffer.put(position, frames, offset + done, piece);
      position += piece;
      done += piece;
    }
  }

  @Override
  public long sizeWith(int capturedLength) {
    return written + position + RECORD_HEADER + capturedLength;
  }

  @Override
  public void flush() throws IOException {
    drain(true);
  }

  private void drain(boolean complete) throws IOException {
    if (closed) {
      throw new IllegalStateException("pcap writer is closed");
    }
    int kept = output.write(position, complete);
    written += position - kept;
    position = kept;
  }

  /** Classic pcap has no place for counters: the file ends with its last record. */
  @Override
  public void finish(CaptureStats stats, long nowNanos) throws IOException {
    if (closed) {
      return;
    }
    try {
      drain(true);
    } finally {
      closed = true;
      output.close();
    }
  }
}
