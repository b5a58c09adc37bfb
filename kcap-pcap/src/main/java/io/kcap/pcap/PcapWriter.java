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
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final OutputBuffer out;
  private final TimestampPrecision precision;
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
    this(channel, header, bufferSize, false);
  }

  /**
   * @param asynchronous whether full buffers are written by a thread of their own while the next
   *     fills (see {@link OutputBuffer}), as the offline tools do
   */
  PcapWriter(WritableByteChannel channel, PcapHeader header, int bufferSize, boolean asynchronous) {
    Objects.requireNonNull(channel, "channel");
    if (bufferSize < FILE_HEADER_LENGTH + RECORD_HEADER_LENGTH) {
      throw new IllegalArgumentException("buffer size " + bufferSize + " is too small");
    }
    this.precision = header.precision();
    this.out = new OutputBuffer(channel, bufferSize, header.byteOrder(), asynchronous);
    try {
      out.putInt(precision.magic());
      out.putShort(header.versionMajor());
      out.putShort(header.versionMinor());
      out.putInt(header.thisZone()); // GMT offset: timestamps are UTC
      out.putInt(header.sigFigs()); // always 0 in practice
      out.putInt((int) header.snapLength());
      out.putInt(header.linkTypeField());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the buffer holds a file header", e);
    }
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
    out.put(data, offset, length);
  }

  /** Writes one record from the remaining bytes of {@code data}; no allocation. */
  public void write(long timestampNanos, int originalLength, ByteBuffer data) throws IOException {
    int length = data.remaining();
    putRecordHeader(timestampNanos, originalLength, length);
    out.put(data, data.position(), length);
    data.position(data.limit());
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
    out.put(data, offset, length);
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
    out.ensure(RECORD_HEADER_LENGTH);
    out.putInt(secondsField);
    out.putInt(fractionField);
    out.putInt(length);
    out.putInt(originalLengthField);
    out.put(data, offset, length);
  }

  /**
   * Writes one record converted from another file, keeping an original length shorter than the
   * captured one as it was (capture files do hold such records).
   */
  void writeConverted(
      long timestampNanos, long originalLength, ByteBuffer data, int offset, int length)
      throws IOException {
    long seconds = Math.floorDiv(timestampNanos, NANOS_PER_SECOND);
    long fraction = Math.floorMod(timestampNanos, NANOS_PER_SECOND) / precision.nanosPerUnit();
    writeRecord((int) seconds, (int) fraction, (int) originalLength, data, offset, length);
  }

  /** Appends bytes that already are complete records in this file's layout. */
  void writeRecords(ByteBuffer data, int offset, int length) throws IOException {
    ensureOpen();
    out.put(data, offset, length);
  }

  /** The timestamp precision of the file. */
  public TimestampPrecision precision() {
    return precision;
  }

  private void putRecordHeader(long timestampNanos, int originalLength, int capturedLength)
      throws IOException {
    ensureOpen();
    if (Integer.compareUnsigned(originalLength, capturedLength) < 0) {
      throw new IllegalArgumentException(
          "original length "
              + Integer.toUnsignedString(originalLength)
              + " is less than captured length "
              + capturedLength);
    }
    long seconds = Math.floorDiv(timestampNanos, NANOS_PER_SECOND);
    long fraction = Math.floorMod(timestampNanos, NANOS_PER_SECOND) / precision.nanosPerUnit();
    out.ensure(RECORD_HEADER_LENGTH);
    out.putInt((int) seconds);
    out.putInt((int) fraction);
    out.putInt(capturedLength);
    out.putInt(originalLength);
  }

  /** Bytes of the file so far, header included, whether or not they were flushed. */
  public long bytesWritten() {
    return out.bytesWritten();
  }

  @Override
  public void flush() throws IOException {
    ensureOpen();
    out.drain();
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
    closed = true;
    out.close();
  }
}
