package io.kcap.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** {@code HOST:PORT} as {@code --listen} takes it; an IPv6 host goes in brackets. */
final class ListenAddress {
  private ListenAddress() {}

  /**
   * @throws IllegalArgumentException naming the text and the form expected
   */
  static InetSocketAddress parse(String option, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          option + " \"" + text + "\" is not HOST:PORT, such as 127.0.0.1:9443 or [::1]:9443");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          option + " \"" + text + "\": port must be 0 to 65535 (0 picks a free one)");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(option + " \"" + text + "\": unknown host " + host);
    }
  }

  /** {@code host:port} as written to {@code api.address}. */
  static String format(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
