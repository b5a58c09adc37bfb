package io.kcap.capture.filter;

/**
 * Transport ports {@code first} to {@code last}, both included; a single port has {@code first ==
 * last}.
 */
public record PortRange(int first, int last) {
  public static final int MAX_PORT = 65535;

  public PortRange {
    if (first < 0 || first > MAX_PORT) {
      throw new IllegalArgumentException("port " + first + " is outside 0.." + MAX_PORT);
    }
    if (last < 0 || last > MAX_PORT) {
      throw new IllegalArgumentException("port " + last + " is outside 0.." + MAX_PORT);
    }
    if (first > last) {
      throw new IllegalArgumentException(
          "port range " + first + ":" + last + " starts after it ends");
    }
  }

  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  public static PortRange of(int first, int last) {
    return new PortRange(first, last);
  }

  /**
   * Reads {@code "80"} or {@code "8000:8080"}, the forms PacketCapture filters use.
   *
   * @throws IllegalArgumentException naming the text
   */
  public static PortRange parse(String text) {
    String[] parts = text.strip().split(":", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException("port range '" + text + "' is not 'port' or 'start:end'");
    }
    int first = parsePort(parts[0], text);
    return parts.length == 1 ? of(first) : of(first, parsePort(parts[1], text));
  }

  public boolean isSinglePort() {
    return first == last;
  }

  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  /** {@code 80} or {@code 8000:8080}, as {@link #parse} reads it back. */
  @Override
  public String toString() {
    return isSinglePort() ? Integer.toString(first) : first + ":" + last;
  }

  private static int parsePort(String part, String text) {
    String digits = part.strip();
    if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("port range '" + text + "' is not 'port' or 'start:end'");
    }
    return Integer.parseInt(digits);
  }
}
