package io.kcap.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads the packets of a pcap or pcapng file, one at a time, with memory independent of the file
 * size.
 *
 * <p>{@link #next()} moves to the next packet; the accessors then describe it. The packet's bytes
 * are a view into the reader's buffer ({@link #buffer()} from {@link #dataOffset()}, {@link
 * #capturedLength()} bytes), valid until the next call to {@code next()}: counting, filtering and
 * copying never copy a packet into its own array. {@link #packet()} makes an owned copy.
 *
 * <p>A malformed file raises {@link PcapFormatException} naming the byte offset and the fault; no
 * other exception escapes for any input. A record or block longer than the reader's limit is a
 * format error, so a hostile file cannot make the reader allocate more than that limit.
 */
public sealed interface CaptureReader extends Closeable permits PcapReader, PcapNgReader {

  /** The longest record or block read by default: 16 MiB, 64 times the largest snap length. */
  int DEFAULT_MAX_RECORD_LENGTH = 16 << 20;

  /** Opens a file and reads its header. */
  static CaptureReader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return open(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Reads the header from a channel and returns the reader for the format it announces. */
  static CaptureReader open(ReadableByteChannel channel) throws IOException {
    return open(channel, ChannelInput.DEFAULT_BUFFER_SIZE, DEFAULT_MAX_RECORD_LENGTH);
  }

  /**
   * Reads the header from a channel with a given read buffer and record length limit.
   *
   * @param bufferSize bytes read per system call
   * @param maxRecordLength longest record (pcap) or block (pcapng) accepted
   */
  static CaptureReader open(ReadableByteChannel channel, int bufferSize, int maxRecordLength)
      throws IOException {
    if (bufferSize < 64) {
      throw new IllegalArgumentException("buffer size " + bufferSize + " is less than 64");
    }
    if (maxRecordLength < 64) {
      throw new IllegalArgumentException(
          "record length limit " + maxRecordLength + " is less than 64");
    }
    ChannelInput in = new ChannelInput(channel, bufferSize);
    int available = in.require(4);
    if (available == 0) {
      throw new PcapFormatException(0, "empty file: no pcap or pcapng header");
    }
    if (available < 4) {
      throw new PcapFormatException(
          0, "truncated file: " + available + " bytes, too short for a capture file header");
    }
    ByteBuffer buffer = in.buffer();
    int magic = buffer.order(ByteOrder.BIG_ENDIAN).getInt(in.position());
    if (magic == PcapNgReader.SECTION_HEADER_TYPE) {
      return PcapNgReader.start(in, maxRecordLength);
    }
    if (PcapReader.isMagic(magic)) {
      return PcapReader.start(in, maxRecordLength);
    }
    throw new PcapFormatException(
        0, String.format("not a pcap or pcapng file: unknown magic number 0x%08x", magic));
  }

  CaptureFormat format();

  /** Byte order of the file, or of the current section for pcapng. */
  ByteOrder byteOrder();

  /** Moves to the next packet; false at the end of the file. */
  boolean next() throws IOException;

  /** Nanoseconds since the epoch, UTC, of the current packet. */
  long timestampNanos();

  /** Whether the current packet has a timestamp (pcapng Simple Packet Blocks have none). */
  boolean hasTimestamp();

  int capturedLength();

  /** Length on the wire, unsigned 32 bits as stored; may be less than the captured length. */
  long originalLength();

  /** Interface id of the current packet within its section. */
  int interfaceId();

  /** The interface of the current packet. */
  CaptureInterface captureInterface();

  /** Every interface seen so far, in order of appearance. */
  List<CaptureInterface> interfaces();

  /** Read-only view of the reader's buffer; the current packet's bytes start at dataOffset. */
  ByteBuffer buffer();

  int dataOffset();

  /** Byte offset in the file of the current packet's record or block. */
  long recordOffset();

  /** Byte offset in the file of the first byte not yet consumed. */
  long offset();

  /** The current packet as an owned value. */
  default Packet packet() {
    byte[] data = new byte[capturedLength()];
    buffer().get(dataOffset(), data);
    long original = Math.min(Math.max(originalLength(), data.length), Integer.MAX_VALUE);
    return new Packet(hasTimestamp() ? timestampNanos() : 0, (int) original, interfaceId(), data);
  }
}
