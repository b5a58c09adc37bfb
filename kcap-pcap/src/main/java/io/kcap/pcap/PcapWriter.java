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
    if (snapLength < 0) {
      throw new IllegalArgumentException("snap length " + snapLength + " is negative");
    }
    this(
        channel,
        new PcapHeader(
            Objects.requireNonNull(order, "order"),
            Objects.requireNonNull(precision, "precision"),
            2,
            4,
            0,
            0,
            snapLength,
            Objects.requireNonNull(linkType, "linkType"),
            0),
        bufferSize);
  }

  /**
   * Starts a file with exactly the given header, every field as given: a file read by {@link
   * PcapReader} is written back byte for byte.
   */
  public PcapWriter(WritableByteChannel channel, PcapHeader header, int bufferSize) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.precision = header.precision();
    if (bufferSize < FILE_HEADER_LENGTH + RECORD_HEADER_LENGTH) {
      throw new IllegalArgumentException("buffer size " + bufferSize + " is too small");
    }
    this.buffer = ByteBuffer.allocateDirect(bufferSize).order(header.byteOrder());
    buffer
        .putInt(precision.magic())
        .putShort((short) header.versionMajor())
        .putShort((short) header.versionMinor())
        .putInt(header.thisZone())
        .putInt(header.sigFigs())
        .putInt((int) header.snapLength())
        .putInt(header.linkTypeField());
    bytesWritten = FILE_HEADER_LENGTH;
  }

  /** A file with the given header and a 1 MiB buffer. */
  public PcapWriter(WritableByteChannel channel, PcapHeader header) {
    this(channel, header, DEFAULT_BUFFER_SIZE);
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

  /**
   * Writes one record from {@code length} bytes of {@code data} at index {@code offset}; the
   * buffer's position and limit are not used or changed. No allocation.
   */
  public void write(
      long timestampNanos, long originalLength, ByteBuffer data, int offset, int length)
      throws IOException {
    if (originalLength > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "original length " + originalLength + " exceeds the maximum 4294967295");
    }
    putRecordHeader(timestampNanos, (int) originalLength, length);
    putAbsolute(data, offset, length);
    bytesWritten += length;
  }

  /**
   * Writes one record whose header fields are given as stored (unsigned 32-bit values), such as
   * those of a record read by {@link PcapReader}, so that odd values survive unchanged.
   */
  void writeRecord(
      int secondsField,
      int fractionField,
      int originalLengthField,
      ByteBuffer data,
      int offset,
      int length)
      throws IOException {
    ensureOpen();
    if (buffer.remaining() < RECORD_HEADER_LENGTH) {
      drain();
    }
    buffer.putInt(secondsField).putInt(fractionField).putInt(length).putInt(originalLengthField);
    putAbsolute(data, offset, length);
    bytesWritten += RECORD_HEADER_LENGTH + length;
  }

  /** Appends bytes that already are complete records in this file's layout. */
  void writeRecords(ByteBuffer data, int offset, int length) throws IOException {
    ensureOpen();
    if (length >= buffer.capacity() / 2) {
      drain();
      ByteBuffer run = data.slice(offset, length);
      while (run.hasRemaining()) {
        channel.write(run);
      }
    } else {
      putAbsolute(data, offset, length);
    }
    bytesWritten += length;
  }

  private void putAbsolute(ByteBuffer data, int offset, int length) throws IOException {
    int done = 0;
    while (done < length) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int chunk = Math.min(length - done, buffer.remaining());
      buffer.put(buffer.position(), data, offset + done, chunk);
      buffer.position(buffer.position() + chunk);
      done += chunk;
    }
  }

  /** The timestamp precision of the file. */
  public TimestampPrecision precision() {
    return precision;
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
