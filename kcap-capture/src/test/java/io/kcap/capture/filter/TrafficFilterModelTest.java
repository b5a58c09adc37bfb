package io.kcap.capture.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrafficFilterModelTest {
  @Test
  void protocolsParseByNameInAnyCaseOrByNumber() {
    assertThat(IpProtocol.parse("TCP")).isEqualTo(IpProtocol.TCP);
    assertThat(IpProtocol.parse("udp")).isEqualTo(IpProtocol.UDP);
    assertThat(IpProtocol.parse("ICMPv6")).isEqualTo(IpProtocol.ICMPV6);
    assertThat(IpProtocol.parse("UDPLite")).isEqualTo(IpProtocol.UDPLITE);
    assertThat(IpProtocol.parse("132")).isEqualTo(IpProtocol.SCTP);
    assertThat(IpProtocol.parse("47")).isEqualTo(new IpProtocol(47));
    assertThat(IpProtocol.parse("47").name()).isEmpty();
    assertThat(IpProtocol.ICMPV6.toString()).isEqualTo("ICMPv6");
    assertThat(new IpProtocol(47).toString()).isEqualTo("47");
  }

  @Test
  void protocolsOutsideOneTo255OrUnknownNamesAreRejected() {
    assertThatThrownBy(() -> IpProtocol.parse("256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("IP protocol 256 is outside 1..255");
    assertThatThrownBy(() -> new IpProtocol(0)).hasMessage("IP protocol 0 is outside 1..255");
    assertThatThrownBy(() -> IpProtocol.parse("GRE"))
        .hasMessage(
            "protocol 'GRE' is neither one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite nor a number"
                + " 1..255");
  }

  @Test
  void onlyTcpUdpSctpAndUdpLiteCarryPorts() {
    assertThat(
            List.of(
                IpProtocol.TCP,
                IpProtocol.UDP,
                IpProtocol.SCTP,
                IpProtocol.UDPLITE,
                IpProtocol.ICMP,
                IpProtocol.ICMPV6,
                new IpProtocol(47)))
        .extracting(IpProtocol::carriesPorts)
        .containsExactly(true, true, true, true, false, false, false);
  }

  @Test
  void portRangesParseAsPacketCaptureWritesThem() {
    assertThat(PortRange.parse("80")).isEqualTo(PortRange.of(80));
    assertThat(PortRange.parse("8000:8080")).isEqualTo(PortRange.of(8000, 8080));
    assertThat(PortRange.of(8000, 8080).toString()).isEqualTo("8000:8080");
    assertThat(PortRange.of(8000, 8080).contains(8080)).isTrue();
    assertThat(PortRange.of(8000, 8080).contains(8081)).isFalse();
  }

  @Test
  void badPortRangesNameTheOffendingValue() {
    assertThatThrownBy(() -> PortRange.parse("65536"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port 65536 is outside 0..65535");
    assertThatThrownBy(() -> PortRange.parse("9:8"))
        .hasMessage("port range 9:8 starts after it ends");
    assertThatThrownBy(() -> PortRange.parse("1:2:3"))
        .hasMessage("port range '1:2:3' is not 'port' or 'start:end'");
    assertThatThrownBy(() -> PortRange.parse("http"))
        .hasMessage("port range 'http' is not 'port' or 'start:end'");
  }

  @Test
  void portsNeedAProtocolThatCarriesThem() {
    assertThatThrownBy(() -> TrafficFilter.of(IpProtocol.ICMP, PortRange.of(80)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ports [80] need protocol TCP, UDP, SCTP or UDPLite, not ICMP");
    assertThatThrownBy(() -> new TrafficFilter(Optional.empty(), List.of(PortRange.of(80))))
        .hasMessage("ports [80] need protocol TCP, UDP, SCTP or UDPLite, not none");
  }

  @Test
  void expressionsUseTcpdumpPrimitives() {
    assertThat(
            FilterExpression.of(
                List.of(
                    TrafficFilter.of(IpProtocol.TCP, PortRange.of(80), PortRange.of(8000, 8080)),
                    TrafficFilter.of(IpProtocol.UDP))))
        .isEqualTo("(tcp and (port 80 or portrange 8000-8080)) or (udp)");
    assertThat(FilterExpression.of(List.of(TrafficFilter.of(IpProtocol.SCTP, PortRange.of(9)))))
        .isEqualTo("sctp and port 9");
    assertThat(FilterExpression.of(List.of(TrafficFilter.of(IpProtocol.ICMP)))).isEqualTo("icmp");
    assertThat(FilterExpression.of(List.of(TrafficFilter.of(IpProtocol.ICMPV6))))
        .isEqualTo("icmp6");
    assertThat(FilterExpression.of(List.of(TrafficFilter.of(IpProtocol.UDPLITE))))
        .isEqualTo("proto 136");
    assertThat(FilterExpression.of(List.of(TrafficFilter.of(new IpProtocol(47)))))
        .isEqualTo("proto 47");
  }

  @Test
  void udpLitePortsAreTestedOnTheBytes() {
    assertThat(
            FilterExpression.of(
                List.of(TrafficFilter.of(IpProtocol.UDPLITE, PortRange.of(53, 54)))))
        .isEqualTo(
            "(ip proto 136 and ip[6:2] & 0x1fff = 0 and ((ip[(ip[0] & 0xf) * 4:2] >= 53 and"
                + " ip[(ip[0] & 0xf) * 4:2] <= 54) or (ip[(ip[0] & 0xf) * 4 + 2:2] >= 53 and"
                + " ip[(ip[0] & 0xf) * 4 + 2:2] <= 54))) or (ip6[6] = 136 and ((ip6[40:2] >= 53"
                + " and ip6[40:2] <= 54) or (ip6[42:2] >= 53 and ip6[42:2] <= 54)))");
  }

  @Test
  void noFiltersOrAFilterWithoutProtocolMeansAllTraffic() {
    assertThat(FilterExpression.of(List.of())).isEmpty();
    assertThat(FilterExpression.of(List.of(TrafficFilter.of(IpProtocol.TCP), TrafficFilter.all())))
        .isEmpty();
  }
}
