package io.kcap.cli;

import io.kcap.pcap.PacketPredicate;

/**
 * Turns a tcpdump filter expression into the predicate of each interface of a capture: the
 * expression is compiled by libpcap once per link type and the program runs in Java on every
 * packet. This is the seam {@code kcap pcap filter} calls ({@link LibpcapExpressionCompiler} in a
 * real run, fakes in tests); the compiler itself lives in kcap-capture, next to libpcap.
 */
@FunctionalInterface
interface FilterExpressionCompiler {

  /**
   * @throws IllegalArgumentException for an expression libpcap rejects, with its message; the
   *     factory may throw the same for a link type the expression does not apply to
   */
  PacketPredicate.Factory compile(String expression);
}
