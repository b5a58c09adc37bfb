package io.kcap.pcap;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The 24-byte file header of a classic pcap file, every field kept as read so that a file can be
 * written back byte for byte.
 *
 * @param byteOrder order of every header field in the file
 * @param precision microseconds or nanoseconds, from the magic number
 * @param versionMajor 2 for every file written since 1998 (543 for DG/UX tcpdump)
 * @param versionMinor 4 today; files of 2.2 and older store captured and original length swapped
 * @param thisZone GMT offset, always 0 in practice
 * @param sigFigs timestamp accuracy, always 0 in practice
 * @param snapLength the snap length field, unsigned 32 bits
 * @param linkType the link type, the low 16 bits of the link type field
 * @param linkTypeFlags the high 16 bits of the link type field (FCS length and its flag)
 */
public record PcapHeader(
    ByteOrder byteOrder,
    TimestampPrecision precision,
    int versionMajor,
    int versionMinor,
    int thisZone,
    int sigFigs,
    long snapLength,
    LinkType linkType,
    int linkTypeFlags) {

  public static final int LENGTH = 24;

  public PcapHeader {
    Objects.requireNonNull(byteOrder, "byteOrder");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(linkType, "linkType");
    if (versionMajor < 0 || versionMajor > 0xFFFF || versionMinor < 0 || versionMinor > 0xFFFF) {
      throw new IllegalArgumentException(
          "pcap version " + versionMajor + "." + versionMinor + " is outside 0..65535");
    }
    if (snapLength < 0 || snapLength > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("snap length " + snapLength + " is outside 0..2^32-1");
    }
    if (linkTypeFlags < 0 || linkTypeFlags > 0xFFFF) {
      throw new IllegalArgumentException("link type flags " + linkTypeFlags + " outside 0..65535");
    }
  }

  /** A version 2.4 little-endian header, as kcap and libpcap on x86 write it. */
  public static PcapHeader of(LinkType linkType, long snapLength, TimestampPrecision precision) {
    return new PcapHeader(ByteOrder.LITTLE_ENDIAN, precision, 2, 4, 0, 0, snapLength, linkType, 0);
  }

  /** The link type field as stored: flags in the high half, link type in the low half. */
  public int linkTypeField() {
    return linkTypeFlags << 16 | linkType.value();
  }

  /**
   * Whether records store the original length before the captured one: versions before 2.3 and
   * DG/UX's 543.0 did (libpcap {@code sf-pcap.c}); 2.3 files are ambiguous and are decided per
   * record.
   */
  boolean lengthsSwapped() {
    return versionMajor == 543 || (versionMajor == 2 && versionMinor < 3);
  }

  boolean lengthsMaybeSwapped() {
    return versionMajor == 2 && versionMinor == 3;
  }
}
