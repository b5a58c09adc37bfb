package io.kcap.pcap;

/**
 * A link-layer header type from the tcpdump.org LINKTYPE registry.
 *
 * <p>An open value: any number read from a file is kept, named or not, so that files with link
 * types kcap does not know are copied, never rejected.
 */
public record LinkType(int value) {
  public static final LinkType NULL = new LinkType(0);
  public static final LinkType ETHERNET = new LinkType(1);
  public static final LinkType RAW = new LinkType(101);
  public static final LinkType LINUX_SLL = new LinkType(113);
  public static final LinkType IPV4 = new LinkType(228);
  public static final LinkType IPV6 = new LinkType(229);
  public static final LinkType LINUX_SLL2 = new LinkType(276);

  public LinkType {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException("link type " + value + " is outside 0..65535");
    }
  }

  /**
   * The {@code DLT_} number libpcap uses for this link type on Linux, as {@code pcap_open_dead} and
   * {@code pcap_compile} expect it. Equal to the link type except for five types whose {@code DLT_}
   * numbers differ between systems (libpcap {@code pcap-common.c}, {@code linktype_to_dlt}).
   */
  public int dlt() {
    return switch (value) {
      case 100 -> 11; // ATM_RFC1483
      case 101 -> 12; // RAW
      case 102 -> 15; // SLIP_BSDOS
      case 103 -> 16; // PPP_BSDOS
      case 106 -> 19; // ATM_CLIP
      default -> value;
    };
  }

  /**
   * The link type libpcap writes for a {@code DLT_} number read from a file's header: the inverse
   * of {@link #dlt()}, which is why tcpdump rewrites a header that says 12 as 101.
   */
  public static LinkType fromDlt(int dlt) {
    return new LinkType(
        switch (dlt) {
          case 11 -> 100;
          case 12 -> 101;
          case 15 -> 102;
          case 16 -> 103;
          case 19 -> 106;
          default -> dlt;
        });
  }

  /**
   * The registry's name (e.g. {@code EN10MB}), or {@code LINKTYPE_<n>} for one kcap does not name.
   */
  public String displayName() {
    return switch (value) {
      case 0 -> "NULL";
      case 1 -> "EN10MB";
      case 101 -> "RAW";
      case 113 -> "LINUX_SLL";
      case 228 -> "IPV4";
      case 229 -> "IPV6";
      case 276 -> "LINUX_SLL2";
      default -> "LINKTYPE_" + value;
    };
  }

  /**
   * Written out rather than left to the record: a record's generated {@code equals} and {@code
   * hashCode} are bootstrapped on first use, which generates code, and link types are compared and
   * hashed on the start-up path of every {@code kcap pcap} tool, where that was a dozen generated
   * classes on the main thread.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof LinkType that && that.value == value;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(value);
  }

  @Override
  public String toString() {
    return displayName();
  }
}
