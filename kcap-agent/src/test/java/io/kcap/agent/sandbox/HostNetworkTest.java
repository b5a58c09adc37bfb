package io.kcap.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostNetworkTest {

  @Test
  void routesOfEveryTypeAreReadButDefaultRoutesAreNot() {
    String output =
        """
        default via 192.0.2.1 dev eth0
        192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2
        10.240.0.7 dev cali4bb4d25ba31 scope link
        local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1
        broadcast 192.0.2.255 dev eth0 table local proto kernel scope link src 192.0.2.2
        unreachable 10.99.0.0/16
        default via 198.51.100.1 dev eth1 table 100
        """;

    assertThat(HostNetwork.parseRoutes(output))
        .extracting(route -> route.destination().toString())
        .containsExactly(
            "192.0.2.0/24", "10.240.0.7/32", "127.0.0.0/8", "192.0.2.255/32", "10.99.0.0/16");
  }

  @Test
  void linkNamesLoseTheirPeerSuffix() {
    String output =
        """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP
        9: cali4bb4d25ba31@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue
        """;

    assertThat(HostNetwork.parseLinks(output)).containsExactly("lo", "eth0", "cali4bb4d25ba31");
  }

  @Test
  void namespaceNamesLoseTheirId() {
    assertThat(HostNetwork.parseNetns("kcap-shop.web-1 (id: 3)\nplain\n"))
        .containsExactly("kcap-shop.web-1", "plain");
  }

  @Test
  void theRealHostIsReadThroughIp() {
    HostNetwork host = HostNetwork.observe(CommandRunner.system());

    assertThat(host.links()).contains("lo");
    assertThat(host.routes())
        .anySatisfy(route -> assertThat(route.destination()).hasToString("127.0.0.0/8"));
    assertThat(host.ipForward()).isIn("0", "1");
  }
}
