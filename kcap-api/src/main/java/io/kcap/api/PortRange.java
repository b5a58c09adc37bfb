package io.kcap.api;

import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * A port or an inclusive range of ports, as a filter writes it: {@code 80}, {@code "80"} or {@code
 * "6040:6050"}. Named ports are not supported (Calico's PacketCapture does not support them
 * either).
 */
public record PortRange(int first, int last) {
  public static final int MIN = 1;
  public static final int MAX = 65535;

  private static final String NUMBER =
      "0*([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

  /**
   * The ports a manifest may write as a string, for the CRD schema: {@code "80"} or {@code
   * "6040:6050"} with each number 1-65535. That start is not after end only validation checks.
   */
  public static final String PATTERN = "^" + NUMBER + "(:" + NUMBER + ")?$";

  static final String EXPECTED = "expected " + MIN + "-" + MAX + " or \"start:end\"";

  public PortRange {
    if (first < MIN || last > MAX) {
      throw new IllegalArgumentException(
          "port range " + first + "-" + last + " outside " + MIN + "-" + MAX);
    }
    if (first > last) {
      throw new IllegalArgumentException(
          "port range " + first + "-" + last + ": start " + first + " is after end " + last);
    }
  }

  public static PortRange single(int port) {
    return new PortRange(port, port);
  }

  /**
   * Reads one entry of a filter's {@code ports}.
   *
   * @throws IllegalArgumentException with the offending value when it is not a port or a range
   */
  public static PortRange of(IntOrString written) {
    if (written.getIntVal() != null) {
      int port = written.getIntVal();
      if (port < MIN || port > MAX) {
        throw new IllegalArgumentException("invalid port " + Quoted.of(port) + ": " + EXPECTED);
      }
      return single(port);
    }
    String text = written.getStrVal() == null ? "" : written.getStrVal();
    int colon = text.indexOf(':');
    String start = colon < 0 ? text : text.substring(0, colon);
    String end = colon < 0 ? text : text.substring(colon + 1);
    if (!Numbers.isDecimal(start) || !Numbers.isDecimal(end)) {
      throw new IllegalArgumentException("invalid port " + Quoted.of(text) + ": " + EXPECTED);
    }
    long first = Numbers.parseClamped(start);
    long last = Numbers.parseClamped(end);
    if (first < MIN || first > MAX || last < MIN || last > MAX) {
      throw new IllegalArgumentException("invalid port " + Quoted.of(text) + ": " + EXPECTED);
    }
    if (first > last) {
      throw new IllegalArgumentException(
          "invalid port range " + Quoted.of(text) + ": start " + first + " is after end " + last);
    }
    return new PortRange((int) first, (int) last);
  }

  public boolean isSingle() {
    return first == last;
  }

  /** The form a manifest writes: {@code 80} or {@code 6040:6050}. */
  @Override
  public String toString() {
    return isSingle() ? Integer.toString(first) : first + ":" + last;
  }
}
