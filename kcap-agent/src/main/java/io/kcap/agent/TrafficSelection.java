package io.kcap.agent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.kcap.api.CaptureFilter;
import io.kcap.api.PacketCaptureSpec;
import io.kcap.api.PcapFilter;
import io.kcap.capture.filter.IpProtocol;
import io.kcap.capture.filter.PortRange;
import io.kcap.capture.filter.TrafficFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The traffic a session keeps, in the form its compiler takes: kcap's own filters (compiled in pure
 * Java, no libpcap needed) or, once a capture has a {@code bpf} expression, the whole pcap-filter
 * expression (compiled by libpcap).
 */
public sealed interface TrafficSelection {

  /** Every packet. */
  record AllTraffic() implements TrafficSelection {}

  /** The packets any of these filters selects; never empty and never one matching everything. */
  record Filters(List<TrafficFilter> filters) implements TrafficSelection {
    public Filters {
      filters = List.copyOf(filters);
      if (filters.isEmpty() || filters.stream().anyMatch(TrafficFilter::matchesAll)) {
        throw new IllegalArgumentException("filters " + filters + " select all traffic");
      }
    }
  }

  /** The packets a pcap-filter(7) expression selects, as tcpdump would take it. */
  record Expression(String pcapFilter) implements TrafficSelection {
    public Expression {
      Objects.requireNonNull(pcapFilter, "pcapFilter");
    }
  }

  /**
   * What a capture's {@code filters} and {@code bpf} select.
   *
   * @throws IllegalArgumentException naming the offending value when the spec was not validated
   */
  static TrafficSelection of(PacketCaptureSpec spec) {
    if (spec.bpf().filter(bpf -> !bpf.isBlank()).isPresent()) {
      return new Expression(PcapFilter.expression(spec));
    }
    List<TrafficFilter> filters = new ArrayList<>();
    for (CaptureFilter filter : spec.filters()) {
      TrafficFilter converted = convert(filter);
      if (converted.matchesAll()) {
        return new AllTraffic();
      }
      filters.add(converted);
    }
    return filters.isEmpty() ? new AllTraffic() : new Filters(filters);
  }

  private static TrafficFilter convert(CaptureFilter filter) {
    Optional<IntOrString> protocol = filter.protocol();
    List<PortRange> ports = new ArrayList<>();
    for (IntOrString port : filter.ports()) {
      io.kcap.api.PortRange range = io.kcap.api.PortRange.of(port);
      ports.add(PortRange.of(range.first(), range.last()));
    }
    if (protocol.isEmpty()) {
      if (!ports.isEmpty()) {
        throw new IllegalArgumentException("ports " + ports + " without a protocol");
      }
      return TrafficFilter.all();
    }
    return TrafficFilter.of(
        new IpProtocol(io.kcap.api.IpProtocol.of(protocol.get()).number()), ports);
  }

  /** The selection as a pcap-filter expression, for people: empty for all traffic. */
  default String describe() {
    return switch (this) {
      case AllTraffic all -> "";
      case Filters(List<TrafficFilter> filters) ->
          io.kcap.capture.filter.FilterExpression.of(filters);
      case Expression(String pcapFilter) -> pcapFilter;
    };
  }
}
