package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * Writes the classic pcap format (the libpcap savefile, version 2.4).
 *
 * <p>Records are gathered in one large buffer and handed to the channel in big writes: the
 * per-record cost is a few puts, not a system call, which is where tcpdump's 4 KiB stdio writes
 * lose. Not thread-safe.
 */
public final class PcapWriter implements PacketWriter {
  /** Default buffer: large enough that a write reaches the disk at full speed. */
  public static final int DEFAULT_BUFFER_SIZE = 1 << 20;

  static final int FILE_HEADER_LENGTH = 24;
  static final int RECORD_HEADER_LENGTH = 16;

  private final WritableByteChannel channel;
  private final ByteBuffer buffer;
  private final TimestampPrecision precision;
  private long bytesWritten;
  private boolean closed;

  /**
   * Starts a file: writes its header into the buffer.
   *
   * @param order byte order of the file (libpcap writes the host's, little-endian on x86)
   */
  public PcapWriter(
      WritableByteChannel channel,
      LinkType linkType,
      int snapLength,
      TimestampPrecision precision,
      ByteOrder order,
      int bufferSize) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.precision = Objects.requireNonNull(precision, "precision");
    if (snapLength < 0) {
      throw new IllegalArgumentException("snap length " + snapLength + " is negative");
    }
    if (bufferSize < FILE_HEADER_LENGTH + RECORD_HEADER_LENGTH) {
      throw new IllegalArgumentException("buffer size " + bufferSize + " is too small");
    }
    this.buffer = ByteBuffer.allocateDirect(bufferSize).order(order);
    buffer
        .putInt(precision.magic())
        .putShort((short) 2)
        .putShort((short) 4)
        .putInt(0) // thiszone: timestamps are UTC
        .putInt(0) // sigfigs: always 0 in practice
        .putInt(snapLength)
        .putInt(linkType.value());
    bytesWritten = FILE_HEADER_LENGTH;
  }

  /** A little-endian file with a 1 MiB buffer. */
  public PcapWriter(
      WritableByteChannel channel,
      LinkType linkType,
      int snapLength,
      TimestampPrecision precision) {
    this(channel, linkType, snapLength, precision, ByteOrder.LITTLE_ENDIAN, DEFAULT_BUFFER_SIZE);
  }

  @Override
  public void write(Packet packet) throws IOException {
    write(packet.timestampNanos(), packet.originalLength(), packet.data(), 0, packet.data().length);
  }

  /** Writes one record from part of an array; no allocation. */
  public void write(long timestampNanos, int originalLength, byte[] data, int offset, int length)
      throws IOException {
    putRecordHeader(timestampNanos, originalLength, length);
    int remaining = length;
    while (remaining > 0) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int chunk = Math.min(remaining, buffer.remaining());
      buffer.put(data, offset + length - remaining, chunk);
      remaining -= chunk;
    }
    bytesWritten += length;
  }

  /** Writes one record from the remaining bytes of {@code data}; no allocation. */
  public void write(long timestampNanos, int originalLength, ByteBuffer data) throws IOException {
    int length = data.remaining();
    putRecordHeader(timestampNanos, originalLength, length);
    int limit = data.limit();
    while (data.hasRemaining()) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int chunk = Math.min(data.remaining(), buffer.remaining());
      data.limit(data.position() + chunk);
      buffer.put(data);
      data.limit(limit);
    }
    bytesWritten += length;
  }

  private void putRecordHeader(long timestampNanos, int originalLength, int capturedLength)
      throws IOException {
    ensureOpen();
    if (originalLength < capturedLength) {
      throw new IllegalArgumentException(
          "original length " + originalLength + " is less than captured length " + capturedLength);
    }
    if (buffer.remaining() < RECORD_HEADER_LENGTH) {
      drain();
    }
    long units = Math.floorDiv(timestampNanos, precision.nanosPerUnit());
    long perSecond = 1_000_000_000L / precision.nanosPerUnit();
    buffer
        .putInt((int) Math.floorDiv(units, perSecond))
        .putInt((int) Math.floorMod(units, perSecond))
        .putInt(capturedLength)
        .putInt(originalLength);
    bytesWritten += RECORD_HEADER_LENGTH;
  }

  /** Bytes of the file so far, header included, whether or not they were flushed. */
  public long bytesWritten() {
    return bytesWritten;
  }

  @Override
  public void flush() throws IOException {
    ensureOpen();
    drain();
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("pcap writer is closed");
    }
  }

  /** Flushes and closes the channel. */
  @Override
  public void close() throws IOException {
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
