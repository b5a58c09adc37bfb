package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.List;

/**
 * Reads a classic pcap file: either byte order, microsecond or nanosecond magic, any link type.
 *
 * <p>Records are parsed in place in a large read buffer (see {@link CaptureReader}). Like libpcap,
 * files of version 2.2 and older have their captured and original lengths swapped back.
 */
public final class PcapReader implements CaptureReader {
  static final int RECORD_HEADER_LENGTH = 16;
  private static final long UNSIGNED_INT = 0xFFFF_FFFFL;

  private final ChannelInput in;
  private final PcapHeader header;
  private final int maxRecordLength;
  private final long nanosPerUnit;
  private final CaptureInterface captureInterface;
  private final List<CaptureInterface> interfaces;
  private ByteBuffer view;
  private ByteBuffer viewSource;

  private boolean current;
  private int recordIndex;
  private int capturedLength;
  private long originalLength;
  private long seconds;
  private long fraction;
  private long recordOffset;

  private PcapReader(ChannelInput in, PcapHeader header, int maxRecordLength) {
    this.in = in;
    this.header = header;
    this.maxRecordLength = maxRecordLength;
    this.nanosPerUnit = header.precision().nanosPerUnit();
    this.captureInterface =
        new CaptureInterface(
            0,
            0,
            0,
            header.linkType(),
            header.snapLength(),
            TimestampResolution.of(header.precision()),
            0,
            "");
    this.interfaces = List.of(captureInterface);
  }

  /** Reads the file header from a channel. */
  public static PcapReader open(ReadableByteChannel channel) throws IOException {
    if (CaptureReader.open(channel) instanceof PcapReader reader) {
      return reader;
    }
    channel.close();
    throw new PcapFormatException(0, "a pcapng file, not a classic pcap file");
  }

  static boolean isMagic(int bigEndianMagic) {
    for (TimestampPrecision precision : TimestampPrecision.values()) {
      if (bigEndianMagic == precision.magic()
          || bigEndianMagic == Integer.reverseBytes(precision.magic())) {
        return true;
      }
    }
    return false;
  }

  static PcapReader start(ChannelInput in, int maxRecordLength) throws IOException {
    int available = in.require(PcapHeader.LENGTH);
    if (available < PcapHeader.LENGTH) {
      throw new PcapFormatException(
          in.offset() + available,
          "truncated pcap file header: " + available + " of " + PcapHeader.LENGTH + " bytes");
    }
    ByteBuffer b = in.buffer();
    int p = in.position();
    int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(p);
    ByteOrder order = ByteOrder.BIG_ENDIAN;
    TimestampPrecision precision = null;
    for (TimestampPrecision candidate : TimestampPrecision.values()) {
      if (magic == candidate.magic()) {
        precision = candidate;
      } else if (magic == Integer.reverseBytes(candidate.magic())) {
        precision = candidate;
        order = ByteOrder.LITTLE_ENDIAN;
      }
    }
    if (precision == null) {
      throw new PcapFormatException(
          in.offset(), String.format("unknown pcap magic number 0x%08x", magic));
    }
    in.order(order);
    int major = Short.toUnsignedInt(b.getShort(p + 4));
    int minor = Short.toUnsignedInt(b.getShort(p + 6));
    if (major != 2 && !(major == 543 && minor == 0)) {
      throw new PcapFormatException(
          in.offset() + 4, "unsupported pcap version " + major + "." + minor + "; expected 2.x");
    }
    int linkTypeField = b.getInt(p + 20);
    PcapHeader header =
        new PcapHeader(
            order,
            precision,
            major,
            minor,
            b.getInt(p + 8),
            b.getInt(p + 12),
            b.getInt(p + 16) & UNSIGNED_INT,
            new LinkType(linkTypeField & 0xFFFF),
            linkTypeField >>> 16);
    in.skip(PcapHeader.LENGTH);
    return new PcapReader(in, header, maxRecordLength);
  }

  public PcapHeader header() {
    return header;
  }

  @Override
  public CaptureFormat format() {
    return CaptureFormat.PCAP;
  }

  @Override
  public ByteOrder byteOrder() {
    return header.byteOrder();
  }

  @Override
  public boolean next() throws IOException {
    if (current) {
      in.skip(RECORD_HEADER_LENGTH + capturedLength);
      current = false;
    }
    int available = in.require(RECORD_HEADER_LENGTH);
    if (available == 0) {
      return false;
    }
    long offset = in.offset();
    if (available < RECORD_HEADER_LENGTH) {
      throw new PcapFormatException(
          offset,
          "truncated record header: "
              + available
              + " of "
              + RECORD_HEADER_LENGTH
              + " bytes before the end of the file");
    }
    ByteBuffer b = in.buffer();
    int p = in.position();
    long secondsField = b.getInt(p) & UNSIGNED_INT;
    long fractionField = b.getInt(p + 4) & UNSIGNED_INT;
    long captured = b.getInt(p + 8) & UNSIGNED_INT;
    long original = b.getInt(p + 12) & UNSIGNED_INT;
    if (header.lengthsSwapped() || (header.lengthsMaybeSwapped() && captured > original)) {
      long swap = captured;
      captured = original;
      original = swap;
    }
    if (captured > maxRecordLength) {
      throw new PcapFormatException(
          offset,
          "record captured length " + captured + " exceeds the limit of " + maxRecordLength);
    }
    int length = RECORD_HEADER_LENGTH + (int) captured;
    available = in.require(length);
    if (available < length) {
      throw new PcapFormatException(
          offset,
          "truncated record: captured length "
              + captured
              + " but only "
              + (available - RECORD_HEADER_LENGTH)
              + " bytes before the end of the file");
    }
    recordIndex = in.position();
    recordOffset = offset;
    seconds = secondsField;
    fraction = fractionField;
    capturedLength = (int) captured;
    originalLength = original;
    current = true;
    return true;
  }

  @Override
  public long timestampNanos() {
    return seconds * 1_000_000_000L + fraction * nanosPerUnit;
  }

  @Override
  public boolean hasTimestamp() {
    return true;
  }

  /** The seconds field of the current record, unsigned. */
  public long timestampSeconds() {
    return seconds;
  }

  /** The microseconds or nanoseconds field of the current record, unsigned, as stored. */
  public long timestampFraction() {
    return fraction;
  }

  @Override
  public int capturedLength() {
    return capturedLength;
  }

  @Override
  public long originalLength() {
    return originalLength;
  }

  @Override
  public int interfaceId() {
    return 0;
  }

  @Override
  public CaptureInterface captureInterface() {
    return captureInterface;
  }

  @Override
  public List<CaptureInterface> interfaces() {
    return interfaces;
  }

  @Override
  public ByteBuffer buffer() {
    ByteBuffer source = in.buffer();
    if (viewSource != source) {
      view = source.asReadOnlyBuffer().order(source.order());
      viewSource = source;
    }
    return view;
  }

  @Override
  public int dataOffset() {
    return recordIndex + RECORD_HEADER_LENGTH;
  }

  /** Buffer index of the current record's 16-byte header. */
  int recordIndex() {
    return recordIndex;
  }

  ChannelInput input() {
    return in;
  }

  @Override
  public long recordOffset() {
    return recordOffset;
  }

  @Override
  public long offset() {
    return current ? recordOffset + RECORD_HEADER_LENGTH + capturedLength : in.offset();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
