package io.kcap.agent.sandbox;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 network such as {@code 10.240.0.0/16}: the sandbox's address pool, and the routes of the
 * host it must not overlap.
 *
 * @param network the network address as an unsigned 32-bit number, host bits zero
 * @param prefixLength 0 to 32
 */
public record Ipv4Cidr(long network, int prefixLength) {
  private static final Pattern SYNTAX =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

  /** RFC 1918's private ranges: the only ones the sandbox hands out addresses from. */
  private static final List<Ipv4Cidr> PRIVATE =
      List.of(parse("10.0.0.0/8"), parse("172.16.0.0/12"), parse("192.168.0.0/16"));

  public Ipv4Cidr {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0 to 32");
    }
    if (network < 0 || network > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("address " + network + " is not a 32-bit number");
    }
    if ((network & ~mask(prefixLength)) != 0) {
      throw new IllegalArgumentException(
          format(network)
              + "/"
              + prefixLength
              + " has host bits set; the network is "
              + format(network & mask(prefixLength))
              + "/"
              + prefixLength);
    }
  }

  /**
   * Parses {@code A.B.C.D/N}, or {@code A.B.C.D} for a single address (/32).
   *
   * @throws IllegalArgumentException naming the text when it is not such a network
   */
  public static Ipv4Cidr parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not an IPv4 network like 10.240.0.0/16");
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        throw new IllegalArgumentException(
            "\"" + text + "\" has the octet " + octet + ", more than 255");
      }
      address = address << 8 | octet;
    }
    int prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
    if (prefix > 32) {
      throw new IllegalArgumentException(
          "\"" + text + "\" has the prefix length " + prefix + ", more than 32");
    }
    return new Ipv4Cidr(address, prefix);
  }

  /** How many addresses the network spans. */
  public long size() {
    return 1L << (32 - prefixLength);
  }

  public boolean contains(long address) {
    return (address & mask(prefixLength)) == network;
  }

  /** Whether the two networks share an address: one of them contains the other. */
  public boolean overlaps(Ipv4Cidr other) {
    return contains(other.network) || other.contains(network);
  }

  /** Whether every address of this network is in an RFC 1918 private range. */
  public boolean isPrivate() {
    return PRIVATE.stream().anyMatch(range -> range.contains(network) && range.contains(last()));
  }

  /** The address {@code index} places after the network address, in dotted form. */
  public String address(long index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(index + " is outside " + this);
    }
    return format(network + index);
  }

  private long last() {
    return network + size() - 1;
  }

  private static long mask(int prefixLength) {
    return prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
  }

  private static String format(long address) {
    return (address >>> 24 & 0xFF)
        + "."
        + (address >>> 16 & 0xFF)
        + "."
        + (address >>> 8 & 0xFF)
        + "."
        + (address & 0xFF);
  }

  @Override
  public String toString() {
    return format(network) + "/" + prefixLength;
  }
}
