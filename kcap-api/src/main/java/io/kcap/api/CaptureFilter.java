package io.kcap.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code spec.filters}: a protocol and, for protocols with ports, the ports to keep.
 *
 * <p>Values are kept as written ({@code TCP}, {@code 6} or {@code "6"}); {@link IpProtocol#of} and
 * {@link PortRange#of} read them, and {@link PacketCaptureValidator} reports the ones they reject.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"protocol", "ports"})
public final class CaptureFilter {
  @JsonProperty("protocol")
  @JsonPropertyDescription(
      "Positive protocol match: TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite, or a protocol number 1-255.")
  private final IntOrString protocol;

  @JsonProperty("ports")
  @JsonPropertyDescription(
      "Positive match on source or destination port: a port 1-65535 or a range \"start:end\"."
          + " Only with TCP, UDP, SCTP or UDPLite. Entries are OR'ed.")
  private final List<IntOrString> ports;

  @JsonCreator
  CaptureFilter(
      @JsonProperty("protocol") IntOrString protocol,
      @JsonProperty("ports") List<IntOrString> ports) {
    this.protocol = protocol == null ? null : copy(protocol);
    this.ports = ports == null ? List.of() : ports.stream().map(CaptureFilter::copy).toList();
  }

  /** A filter with neither protocol nor ports ({@code {}}): it keeps all traffic. */
  public static final CaptureFilter ANY = new CaptureFilter(null, null);

  /** A filter on a protocol alone: {@code {protocol: UDP}}. */
  public static CaptureFilter of(IntOrString protocol) {
    return new CaptureFilter(Objects.requireNonNull(protocol), List.of());
  }

  /** A filter on a protocol and ports: {@code {protocol: TCP, ports: [80, "8080:8090"]}}. */
  public static CaptureFilter of(IntOrString protocol, List<IntOrString> ports) {
    return new CaptureFilter(Objects.requireNonNull(protocol), List.copyOf(ports));
  }

  /** The protocol as written; absent matches every protocol. */
  public Optional<IntOrString> protocol() {
    return Optional.ofNullable(protocol).map(CaptureFilter::copy);
  }

  /** The ports as written, in order; empty matches every port. */
  public List<IntOrString> ports() {
    return ports.stream().map(CaptureFilter::copy).toList();
  }

  // fabric8's IntOrString is a mutable bean; copies keep this filter immutable.
  private static IntOrString copy(IntOrString value) {
    return value.getIntVal() != null
        ? new IntOrString(value.getIntVal())
        : new IntOrString(value.getStrVal());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CaptureFilter that
        && Objects.equals(protocol, that.protocol)
        && ports.equals(that.ports);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, ports);
  }

  @Override
  public String toString() {
    return "CaptureFilter[protocol="
        + protocol().map(Values::text).orElse("any")
        + ", ports="
        + ports.stream().map(Values::text).toList()
        + "]";
  }
}
