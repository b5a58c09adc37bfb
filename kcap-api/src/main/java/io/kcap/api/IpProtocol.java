package io.kcap.api;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Map;
import java.util.Optional;

/**
 * An IP protocol number (IANA "Assigned Internet Protocol Numbers"), as a filter names it.
 *
 * <p>Calico accepts six names, spelled exactly as below, or any number from 1 to 255; both forms
 * mean the same protocol, so {@code TCP}, {@code 6} and {@code "6"} are equal here.
 */
public record IpProtocol(int number) {
  public static final IpProtocol ICMP = new IpProtocol(1);
  public static final IpProtocol TCP = new IpProtocol(6);
  public static final IpProtocol UDP = new IpProtocol(17);
  public static final IpProtocol ICMPV6 = new IpProtocol(58);
  public static final IpProtocol SCTP = new IpProtocol(132);
  public static final IpProtocol UDPLITE = new IpProtocol(136);

  public static final int MIN = 1;
  public static final int MAX = 255;

  /** Calico's spellings (numorstring.Protocol), case-sensitive as Calico checks them. */
  private static final Map<String, IpProtocol> CALICO_NAMES =
      Map.of(
          "TCP", TCP, "UDP", UDP, "ICMP", ICMP, "ICMPv6", ICMPV6, "SCTP", SCTP, "UDPLite", UDPLITE);

  /**
   * The protocols a manifest may write as a string, for the CRD schema: the six names, or 1-255 in
   * decimal (leading zeros allowed, as Calico's ParseUint allows them). Integers are bounded by the
   * schema's minimum and maximum instead, which apply to numbers only.
   */
  public static final String PATTERN =
      "^(TCP|UDP|ICMP|ICMPv6|SCTP|UDPLite|0*([1-9][0-9]?|1[0-9]{2}|2[0-4][0-9]|25[0-5]))$";

  static final String EXPECTED = "expected one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or 1-255";

  public IpProtocol {
    if (number < MIN || number > MAX) {
      throw new IllegalArgumentException(
          "IP protocol " + number + " outside " + MIN + "-" + MAX + "; " + EXPECTED);
    }
  }

  /**
   * Reads a filter's protocol as written: a Calico name, an integer, or an integer in a string.
   *
   * @throws IllegalArgumentException with the offending value when it is none of these
   */
  public static IpProtocol of(IntOrString written) {
    if (written.getIntVal() != null) {
      return ofNumber(written.getIntVal(), Quoted.of(written.getIntVal()));
    }
    String text = written.getStrVal() == null ? "" : written.getStrVal();
    IpProtocol named = CALICO_NAMES.get(text);
    if (named != null) {
      return named;
    }
    if (Numbers.isDecimal(text)) {
      return ofNumber(Numbers.parseClamped(text), Quoted.of(text));
    }
    throw new IllegalArgumentException("unsupported protocol " + Quoted.of(text) + ": " + EXPECTED);
  }

  private static IpProtocol ofNumber(long number, String shown) {
    if (number < MIN || number > MAX) {
      throw new IllegalArgumentException("unsupported protocol " + shown + ": " + EXPECTED);
    }
    return new IpProtocol((int) number);
  }

  /** The name Calico uses for this protocol, if it has one. */
  public Optional<String> calicoName() {
    return CALICO_NAMES.entrySet().stream()
        .filter(e -> e.getValue().equals(this))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /**
   * Whether a filter may name ports with this protocol: the ones whose header starts with 16-bit
   * source and destination ports, as Calico's {@code Protocol.SupportsPorts} decides.
   */
  public boolean hasPorts() {
    return equals(TCP) || equals(UDP) || equals(SCTP) || equals(UDPLITE);
  }

  @Override
  public String toString() {
    return calicoName().orElse(Integer.toString(number));
  }
}
