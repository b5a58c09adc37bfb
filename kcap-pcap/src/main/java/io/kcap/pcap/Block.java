package io.kcap.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pcapng block (draft-ietf-opsawg-pcapng, section 4). Blocks kcap does not interpret are kept as
 * {@link Unknown} (or {@link Custom}) with their body, so a file rewritten by kcap loses nothing.
 *
 * <p>Numbers inside option values and unknown bodies stay in the byte order of the section they
 * were read from; the other fields are plain numbers. Byte arrays handed to a block are owned by it
 * afterwards; accessors return them without copying, so treat them as read-only.
 */
public sealed interface Block {
  int SECTION_HEADER = 0x0A0D0D0A;
  int INTERFACE_DESCRIPTION = 0x00000001;
  int OBSOLETE_PACKET = 0x00000002;
  int SIMPLE_PACKET = 0x00000003;
  int NAME_RESOLUTION = 0x00000004;
  int INTERFACE_STATISTICS = 0x00000005;
  int ENHANCED_PACKET = 0x00000006;
  int CUSTOM = 0x00000BAD;
  int CUSTOM_NO_COPY = 0x40000BAD;

  /** The block type number. */
  int type();

  /**
   * Starts a section and sets its byte order.
   *
   * @param sectionLength bytes of the section after this block, or -1 when not known
   */
  record SectionHeader(
      ByteOrder byteOrder,
      int majorVersion,
      int minorVersion,
      long sectionLength,
      List<Option> options)
      implements Block {
    public SectionHeader {
      Objects.requireNonNull(byteOrder, "byteOrder");
      options = List.copyOf(options);
      checkUnsigned16("major version", majorVersion);
      checkUnsigned16("minor version", minorVersion);
    }

    /** A version 1.0 section of unknown length with the given options. */
    public static SectionHeader of(ByteOrder byteOrder, List<Option> options) {
      return new SectionHeader(byteOrder, 1, 0, -1, options);
    }

    @Override
    public int type() {
      return SECTION_HEADER;
    }
  }

  /** Declares an interface; packets refer to it by its position in the section. */
  record InterfaceDescription(LinkType linkType, long snapLength, List<Option> options)
      implements Block {
    public InterfaceDescription {
      Objects.requireNonNull(linkType, "linkType");
      options = List.copyOf(options);
      checkUnsigned32("snap length", snapLength);
    }

    /**
     * An interface with the given timestamp resolution ({@code if_tsresol} is only written when it
     * is not the default, microseconds).
     */
    public static InterfaceDescription of(
        LinkType linkType, long snapLength, TimestampResolution resolution) {
      List<Option> options =
          resolution.equals(TimestampResolution.MICROSECONDS)
              ? List.of()
              : List.of(
                  new Option(OptionCode.IF_TSRESOL, new byte[] {(byte) resolution.code()}),
                  Option.endOfOptions());
      return new InterfaceDescription(linkType, snapLength, options);
    }

    @Override
    public int type() {
      return INTERFACE_DESCRIPTION;
    }

    /** {@code if_tsresol}, microseconds when absent. */
    public TimestampResolution resolution() {
      return option(options, OptionCode.IF_TSRESOL)
          .filter(o -> o.length() >= 1)
          .map(o -> new TimestampResolution(o.valueUnsafe()[0] & 0xFF))
          .orElse(TimestampResolution.MICROSECONDS);
    }

    /** {@code if_tsoffset} in seconds, 0 when absent. */
    public long offsetSeconds(ByteOrder sectionOrder) {
      return option(options, OptionCode.IF_TSOFFSET)
          .filter(o -> o.length() >= 8)
          .map(o -> ByteBuffer.wrap(o.valueUnsafe()).order(sectionOrder).getLong(0))
          .orElse(0L);
    }

    /** {@code if_name}, empty when absent. */
    public String name() {
      return option(options, OptionCode.IF_NAME).map(Option::stringValue).orElse("");
    }
  }

  /**
   * A packet with its interface and timestamp.
   *
   * @param timestamp units since the epoch in the interface's resolution, unsigned 64 bits
   * @param originalLength length on the wire, unsigned 32 bits
   */
  record EnhancedPacket(
      int interfaceId, long timestamp, long originalLength, byte[] data, List<Option> options)
      implements Block {
    public EnhancedPacket {
      Objects.requireNonNull(data, "data");
      options = List.copyOf(options);
      checkUnsigned32("original length", originalLength);
      if (interfaceId < 0) {
        throw new IllegalArgumentException("interface id " + interfaceId + " is negative");
      }
    }

    @Override
    public int type() {
      return ENHANCED_PACKET;
    }
  }

  /** A packet of interface 0 without timestamp; its captured length is the data length. */
  record SimplePacket(long originalLength, byte[] data) implements Block {
    public SimplePacket {
      Objects.requireNonNull(data, "data");
      checkUnsigned32("original length", originalLength);
    }

    @Override
    public int type() {
      return SIMPLE_PACKET;
    }
  }

  /** The Packet Block of pcapng's first drafts, still read by Wireshark; kept as read. */
  record ObsoletePacket(
      int interfaceId,
      int dropsCount,
      long timestamp,
      long originalLength,
      byte[] data,
      List<Option> options)
      implements Block {
    public ObsoletePacket {
      Objects.requireNonNull(data, "data");
      options = List.copyOf(options);
      checkUnsigned16("interface id", interfaceId);
      checkUnsigned16("drops count", dropsCount);
      checkUnsigned32("original length", originalLength);
    }

    @Override
    public int type() {
      return OBSOLETE_PACKET;
    }
  }

  /** Addresses and the names they resolved to. */
  record NameResolution(List<NameRecord> records, List<Option> options) implements Block {
    public NameResolution {
      records = List.copyOf(records);
      options = List.copyOf(options);
    }

    @Override
    public int type() {
      return NAME_RESOLUTION;
    }
  }

  /**
   * One record of a Name Resolution Block: type 1 is IPv4, 2 IPv6, others are kept as read. The
   * end-of-records marker is implied and not listed.
   */
  record NameRecord(int recordType, byte[] value) {
    public NameRecord {
      Objects.requireNonNull(value, "value");
      checkUnsigned16("name record type", recordType);
      if (recordType == 0) {
        throw new IllegalArgumentException("name record type 0 is the end marker");
      }
      checkUnsigned16("name record length", value.length);
    }
  }

  /** Counters of an interface at a point in time. */
  record InterfaceStatistics(int interfaceId, long timestamp, List<Option> options)
      implements Block {
    public InterfaceStatistics {
      options = List.copyOf(options);
      if (interfaceId < 0) {
        throw new IllegalArgumentException("interface id " + interfaceId + " is negative");
      }
    }

    @Override
    public int type() {
      return INTERFACE_STATISTICS;
    }
  }

  /**
   * A vendor's block: type {@link #CUSTOM} (may be copied) or {@link #CUSTOM_NO_COPY}.
   *
   * @param body everything after the Private Enterprise Number, options included
   */
  record Custom(int type, int enterpriseNumber, byte[] body) implements Block {
    public Custom {
      Objects.requireNonNull(body, "body");
      if (type != CUSTOM && type != CUSTOM_NO_COPY) {
        throw new IllegalArgumentException(
            String.format("block type 0x%08x is not a custom block type", type));
      }
      checkPadded(body.length);
    }
  }

  /** A block of a type kcap does not interpret, with its body as stored. */
  record Unknown(int type, byte[] body) implements Block {
    public Unknown {
      Objects.requireNonNull(body, "body");
      if (type == SECTION_HEADER) {
        throw new IllegalArgumentException("a section header cannot be an unknown block");
      }
      checkPadded(body.length);
    }
  }

  /** The first option with the given code. */
  static Optional<Option> option(List<Option> options, OptionCode code) {
    for (Option option : options) {
      if (option.code().equals(code)) {
        return Optional.of(option);
      }
      if (option.code().equals(OptionCode.END_OF_OPTIONS)) {
        break;
      }
    }
    return Optional.empty();
  }

  /** The comments ({@code opt_comment}) among the options. */
  static List<String> comments(List<Option> options) {
    return options.stream()
        .filter(o -> o.code().equals(OptionCode.COMMENT))
        .map(o -> new String(o.valueUnsafe(), StandardCharsets.UTF_8))
        .toList();
  }

  private static void checkUnsigned16(String what, int value) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(what + " " + value + " is outside 0..65535");
    }
  }

  private static void checkUnsigned32(String what, long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(what + " " + value + " is outside 0..4294967295");
    }
  }

  private static void checkPadded(int length) {
    if (length % 4 != 0) {
      throw new IllegalArgumentException(
          "block body of " + length + " bytes is not a multiple of 4");
    }
  }
}
