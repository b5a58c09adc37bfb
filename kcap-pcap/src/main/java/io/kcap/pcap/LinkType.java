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

  @Override
  public String toString() {
    return displayName();
  }
}
