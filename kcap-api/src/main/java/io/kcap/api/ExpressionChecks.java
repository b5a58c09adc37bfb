package io.kcap.api;

import java.util.Optional;

/**
 * The checks validation needs from other parts of kcap: whether a selector parses (kcap-selector)
 * and whether a pcap-filter expression compiles (libpcap, in kcap-capture).
 *
 * <p>kcap-api sits below both in the module graph, so the application wires these in; an
 * implementation returns the reason a value is rejected, without the value itself ({@link
 * PacketCaptureValidator} adds the field path and the offending value).
 */
public interface ExpressionChecks {
  /** Why {@code selector} is not a Calico selector, or empty when it parses. */
  Optional<String> selectorError(String selector);

  /**
   * Why {@code expression} is not a pcap-filter expression libpcap compiles for an Ethernet
   * capture, or empty when it compiles.
   */
  Optional<String> bpfError(String expression);
}
