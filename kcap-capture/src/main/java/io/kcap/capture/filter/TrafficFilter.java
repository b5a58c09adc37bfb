package io.kcap.capture.filter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which traffic one entry of a PacketCapture's {@code filters} selects: packets of {@code protocol}
 * (any IP or non-IP packet when absent) whose source or destination port is in one of {@code ports}
 * (any port when empty).
 *
 * <p>A list of filters selects the packets any one of them selects; see {@link
 * TrafficFilterCompiler} for the exact meaning, which is libpcap's.
 *
 * @param protocol the IP protocol, or empty for all traffic
 * @param ports port ranges, only allowed with a protocol that {@linkplain IpProtocol#carriesPorts
 *     carries ports}
 */
public record TrafficFilter(Optional<IpProtocol> protocol, List<PortRange> ports) {

  public TrafficFilter {
    Objects.requireNonNull(protocol, "protocol");
    ports = List.copyOf(ports);
    if (!ports.isEmpty() && !protocol.map(IpProtocol::carriesPorts).orElse(false)) {
      throw new IllegalArgumentException(
          "ports "
              + ports
              + " need protocol TCP, UDP, SCTP or UDPLite, not "
              + protocol.map(IpProtocol::toString).orElse("none"));
    }
  }

  /** Every packet. */
  public static TrafficFilter all() {
    return new TrafficFilter(Optional.empty(), List.of());
  }

  /** Every packet of {@code protocol}. */
  public static TrafficFilter of(IpProtocol protocol) {
    return new TrafficFilter(Optional.of(protocol), List.of());
  }

  /** Packets of {@code protocol} from or to a port in {@code ports} (any port if none). */
  public static TrafficFilter of(IpProtocol protocol, PortRange... ports) {
    return new TrafficFilter(Optional.of(protocol), List.of(ports));
  }

  /** Packets of {@code protocol} from or to a port in {@code ports} (any port if empty). */
  public static TrafficFilter of(IpProtocol protocol, List<PortRange> ports) {
    return new TrafficFilter(Optional.of(protocol), ports);
  }

  /** Whether this filter lets every packet through. */
  public boolean matchesAll() {
    return protocol.isEmpty();
  }
}
