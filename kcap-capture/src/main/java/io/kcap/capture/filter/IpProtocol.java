package io.kcap.capture.filter;

import java.util.Locale;
import java.util.Optional;

/**
 * An IP protocol number (IANA "Assigned Internet Protocol Numbers"), as IPv4's protocol field and
 * IPv6's next header carry it.
 *
 * <p>An open value: any number 1 to 255 is allowed; the ones kcap's filters name have constants.
 */
public record IpProtocol(int number) {
  public static final IpProtocol ICMP = new IpProtocol(1);
  public static final IpProtocol TCP = new IpProtocol(6);
  public static final IpProtocol UDP = new IpProtocol(17);
  public static final IpProtocol ICMPV6 = new IpProtocol(58);
  public static final IpProtocol SCTP = new IpProtocol(132);
  public static final IpProtocol UDPLITE = new IpProtocol(136);

  public IpProtocol {
    if (number < 1 || number > 255) {
      throw new IllegalArgumentException("IP protocol " + number + " is outside 1..255");
    }
  }

  /**
   * Reads a protocol as PacketCapture filters write it: one of {@code TCP UDP ICMP ICMPv6 SCTP
   * UDPLite} (any case) or a number 1 to 255.
   *
   * @throws IllegalArgumentException naming the text and what is accepted
   */
  public static IpProtocol parse(String text) {
    String name = text.strip();
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "TCP" -> TCP;
      case "UDP" -> UDP;
      case "ICMP" -> ICMP;
      case "ICMPV6" -> ICMPV6;
      case "SCTP" -> SCTP;
      case "UDPLITE" -> UDPLITE;
      default -> {
        if (!name.isEmpty() && name.length() <= 3 && name.chars().allMatch(Character::isDigit)) {
          yield new IpProtocol(Integer.parseInt(name));
        }
        throw new IllegalArgumentException(
            "protocol '"
                + text
                + "' is neither one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite nor a number 1..255");
      }
    };
  }

  /** Whether packets of this protocol start with a source and a destination port. */
  public boolean carriesPorts() {
    return number == 6 || number == 17 || number == 132 || number == 136;
  }

  /** The filter name ({@code TCP}, {@code ICMPv6}, ...) if this protocol has one. */
  public Optional<String> name() {
    return Optional.ofNullable(
        switch (number) {
          case 1 -> "ICMP";
          case 6 -> "TCP";
          case 17 -> "UDP";
          case 58 -> "ICMPv6";
          case 132 -> "SCTP";
          case 136 -> "UDPLite";
          default -> null;
        });
  }

  /** The name if there is one, otherwise the number, as {@link #parse} reads it back. */
  @Override
  public String toString() {
    return name().orElse(Integer.toString(number));
  }
}
