package io.kcap.pcap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Parses one pcapng block that the reader has already framed and length-checked. */
final class BlockDecoder {
  private static final long UNSIGNED_INT = 0xFFFF_FFFFL;

  private final ByteBuffer b;
  private final int start;
  private final int length;
  private final long offset;

  /**
   * @param buffer holds the block, in the section's byte order
   * @param start buffer index of the block type field
   * @param length total block length, header and trailer included
   * @param offset file offset of the block, for error messages
   */
  BlockDecoder(ByteBuffer buffer, int start, int length, long offset) {
    this.b = buffer;
    this.start = start;
    this.length = length;
    this.offset = offset;
  }

  Block decode(int type) throws PcapFormatException {
    int body = start + 8;
    int end = start + length - 4;
    return switch (type) {
      case Block.SECTION_HEADER -> {
        need(16, "section header");
        yield new Block.SectionHeader(
            b.order(),
            Short.toUnsignedInt(b.getShort(body + 4)),
            Short.toUnsignedInt(b.getShort(body + 6)),
            b.getLong(body + 8),
            options(body + 16, end));
      }
      case Block.INTERFACE_DESCRIPTION -> {
        need(8, "interface description");
        yield new Block.InterfaceDescription(
            new LinkType(Short.toUnsignedInt(b.getShort(body))),
            b.getInt(body + 4) & UNSIGNED_INT,
            options(body + 8, end));
      }
      case Block.ENHANCED_PACKET -> {
        need(20, "enhanced packet");
        int captured = captured(body + 12, 20);
        yield new Block.EnhancedPacket(
            b.getInt(body),
            timestamp(body + 4),
            b.getInt(body + 16) & UNSIGNED_INT,
            bytes(body + 20, captured),
            options(body + 20 + (int) PcapNgReader.padded(captured), end));
      }
      case Block.SIMPLE_PACKET -> {
        need(4, "simple packet");
        throw new IllegalStateException("simple packets are decoded by the reader");
      }
      case Block.OBSOLETE_PACKET -> {
        need(20, "packet");
        int captured = captured(body + 12, 20);
        yield new Block.ObsoletePacket(
            Short.toUnsignedInt(b.getShort(body)),
            Short.toUnsignedInt(b.getShort(body + 2)),
            timestamp(body + 4),
            b.getInt(body + 16) & UNSIGNED_INT,
            bytes(body + 20, captured),
            options(body + 20 + (int) PcapNgReader.padded(captured), end));
      }
      case Block.NAME_RESOLUTION -> nameResolution(body, end);
      case Block.INTERFACE_STATISTICS -> {
        need(12, "interface statistics");
        int interfaceId = b.getInt(body);
        if (interfaceId < 0) {
          throw new PcapFormatException(
              offset + 8,
              "statistics of interface "
                  + Integer.toUnsignedString(interfaceId)
                  + ", beyond any id");
        }
        yield new Block.InterfaceStatistics(
            interfaceId, timestamp(body + 4), options(body + 12, end));
      }
      case Block.CUSTOM, Block.CUSTOM_NO_COPY -> {
        need(4, "custom");
        yield new Block.Custom(type, b.getInt(body), bytes(body + 4, end - body - 4));
      }
      default -> new Block.Unknown(type, bytes(body, end - body));
    };
  }

  /** A simple packet block, whose captured length the reader derived from the interface. */
  Block.SimplePacket simplePacket(int capturedLength) {
    return new Block.SimplePacket(
        b.getInt(start + 8) & UNSIGNED_INT, bytes(start + 12, capturedLength));
  }

  private void need(int fixed, String what) throws PcapFormatException {
    if (length - 12 < fixed) {
      throw new PcapFormatException(
          offset + 4, what + " block of " + length + " bytes is shorter than its fixed part");
    }
  }

  private int captured(int index, int fixed) throws PcapFormatException {
    long captured = b.getInt(index) & UNSIGNED_INT;
    if (PcapNgReader.padded(captured) > length - 12L - fixed) {
      throw new PcapFormatException(
          offset + 4,
          "captured length " + captured + " does not fit a block of " + length + " bytes");
    }
    return (int) captured;
  }

  private long timestamp(int index) {
    return (b.getInt(index) & UNSIGNED_INT) << 32 | (b.getInt(index + 4) & UNSIGNED_INT);
  }

  private byte[] bytes(int index, int count) {
    byte[] bytes = new byte[count];
    b.get(index, bytes);
    return bytes;
  }

  private Block.NameResolution nameResolution(int body, int end) throws PcapFormatException {
    List<Block.NameRecord> records = new ArrayList<>();
    int p = body;
    while (true) {
      if (end - p < 4) {
        throw new PcapFormatException(
            offset + (p - start), "name resolution records run past the end of their block");
      }
      int recordType = Short.toUnsignedInt(b.getShort(p));
      int recordLength = Short.toUnsignedInt(b.getShort(p + 2));
      p += 4;
      if (recordType == 0) {
        break;
      }
      if (PcapNgReader.padded(recordLength) > end - p) {
        throw new PcapFormatException(
            offset + (p - 4 - start),
            "name record of " + recordLength + " bytes runs past the end of its block");
      }
      records.add(new Block.NameRecord(recordType, bytes(p, recordLength)));
      p += (int) PcapNgReader.padded(recordLength);
    }
    return new Block.NameResolution(records, options(p, end));
  }

  /**
   * Parses an options list up to {@code end}. Like Wireshark, bytes after the end-of-options marker
   * are ignored.
   */
  private List<Option> options(int index, int end) throws PcapFormatException {
    List<Option> options = new ArrayList<>();
    int p = index;
    while (p < end) {
      if (end - p < 4) {
        throw new PcapFormatException(
            offset + (p - start), "truncated option header at the end of its block");
      }
      int code = Short.toUnsignedInt(b.getShort(p));
      int valueLength = Short.toUnsignedInt(b.getShort(p + 2));
      if (PcapNgReader.padded(valueLength) > end - p - 4) {
        throw new PcapFormatException(
            offset + (p - start),
            "option " + code + " of " + valueLength + " bytes runs past the end of its block");
      }
      options.add(new Option(new OptionCode(code), bytes(p + 4, valueLength)));
      p += 4 + (int) PcapNgReader.padded(valueLength);
      if (code == 0) {
        break;
      }
    }
    return options;
  }
}
