package io.kcap.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Classic pcap (nanosecond magic, little-endian) written straight into one large direct buffer.
 *
 * <p>The capture loop's own writer: a record is two absolute puts for its header and one bulk copy
 * from the ring, with no buffer bookkeeping in between and no division by a non-constant.
 * kcap-pcap's general {@code PcapWriter} produces the same bytes; this one costs about half as much
 * per packet, which is what the capture benchmark is about.
 */
final class PcapRecordWriter implements RecordWriter {
  static final int BUFFER_SIZE = 1 << 20;
  private static final int FILE_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int NANOSECOND_MAGIC = 0xA1B23C4D;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final WritableByteChannel channel;
  private final ByteBuffer buffer;
  private int position;
  private long written;
  private boolean closed;

  PcapRecordWriter(WritableByteChannel channel, CaptureInfo info) {
    this.channel = channel;
    this.buffer = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
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
  public void packet(long timestampNanos, int originalLength, ByteBuffer data) throws IOException {
    int length = data.remaining();
    if (BUFFER_SIZE - position < RECORD_HEADER + length) {
      drain();
      if (BUFFER_SIZE < RECORD_HEADER + length) {
        writeLarge(timestampNanos, originalLength, data);
        return;
      }
    }
    long seconds = Math.floorDiv(timestampNanos, NANOS_PER_SECOND);
    long nanos = Math.floorMod(timestampNanos, NANOS_PER_SECOND);
    buffer.putLong(position, seconds & 0xFFFFFFFFL | nanos << 32);
    buffer.putLong(position + 8, length & 0xFFFFFFFFL | (long) originalLength << 32);
    buffer.put(position + RECORD_HEADER, data, data.position(), length);
    position += RECORD_HEADER + length;
  }

  /** A record larger than the buffer (only with a huge snap length): header, then the bytes. */
  private void writeLarge(long timestampNanos, int originalLength, ByteBuffer data)
      throws IOException {
    ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    header
        .putInt((int) Math.floorDiv(timestampNanos, NANOS_PER_SECOND))
        .putInt((int) Math.floorMod(timestampNanos, NANOS_PER_SECOND))
        .putInt(data.remaining())
        .putInt(originalLength)
        .flip();
    written += RECORD_HEADER + data.remaining();
    writeFully(header);
    writeFully(data.duplicate());
  }

  @Override
  public long sizeWith(int capturedLength) {
    return written + position + RECORD_HEADER + capturedLength;
  }

  @Override
  public void flush() throws IOException {
    drain();
  }

  private void drain() throws IOException {
    if (closed) {
      throw new IllegalStateException("pcap writer is closed");
    }
    if (position == 0) {
      return;
    }
    buffer.limit(position).position(0);
    writeFully(buffer);
    buffer.clear();
    written += position;
    position = 0;
  }

  private void writeFully(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** Classic pcap has no place for counters: the file ends with its last record. */
  @Override
  public void finish(CaptureStats stats, long nowNanos) throws IOException {
    if (closed) {
      return;
    }
    try {
      drain();
    } finally {
      closed = true;
      channel.close();
    }
  }
}
