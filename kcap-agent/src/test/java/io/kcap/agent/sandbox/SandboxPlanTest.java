package io.kcap.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.agent.AgentException;
import io.kcap.agent.endpoint.CalicoNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SandboxPlanTest {
  private static final PodSpec WEB = new PodSpec("shop", "web-1", Map.of("app", "web"));
  private static final PodSpec DB = new PodSpec("shop", "db-1", Map.of("app", "db"));
  private static final PodSpec CLIENT = new PodSpec("default", "client", Map.of());
  private static final Ipv4Cidr RANGE = Ipv4Cidr.parse("10.240.3.0/24");

  private static HostNetwork host(String ipForward, String... routes) {
    return new HostNetwork(
        HostNetwork.parseRoutes(String.join("\n", routes)),
        Set.of("lo", "eth0"),
        Set.of(),
        ipForward);
  }

  @Test
  void podsGetConsecutiveAddressesAfterTheNetworkAddressAndCalicoNamedInterfaces() {
    SandboxPlan plan = SandboxPlan.plan(List.of(WEB, DB, CLIENT), RANGE, host("0"));

    assertThat(plan.state().pods())
        .extracting(
            SandboxPod::qualifiedName, SandboxPod::ip, SandboxPod::interfaceName, SandboxPod::netns)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "shop/web-1",
                "10.240.3.1",
                CalicoNames.vethNameForWorkload("shop", "web-1"),
                "kcap-shop.web-1"),
            org.assertj.core.groups.Tuple.tuple(
                "shop/db-1",
                "10.240.3.2",
                CalicoNames.vethNameForWorkload("shop", "db-1"),
                "kcap-shop.db-1"),
            org.assertj.core.groups.Tuple.tuple(
                "default/client",
                "10.240.3.3",
                CalicoNames.vethNameForWorkload("default", "client"),
                "kcap-default.client"));
    assertThat(plan.state().cidr()).isEqualTo(RANGE);
    assertThat(plan.state().ipForwardBefore()).isEqualTo("0");
  }

  @Test
  void eachPodIsWiredTheCalicoWayAndForwardingIsTurnedOnFirst() {
    SandboxPlan plan = SandboxPlan.plan(List.of(WEB), RANGE, host("0"));
    String cali = CalicoNames.vethNameForWorkload("shop", "web-1");

    assertThat(plan.steps())
        .extracting(step -> String.join(" ", step.command()), step -> String.join(" ", step.undo()))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "sysctl -q -w net.ipv4.ip_forward=1", "sysctl -q -w net.ipv4.ip_forward=0"),
            org.assertj.core.groups.Tuple.tuple(
                "ip netns add kcap-shop.web-1", "ip netns del kcap-shop.web-1"),
            org.assertj.core.groups.Tuple.tuple(
                "ip link add " + cali + " type veth peer name eth0 netns kcap-shop.web-1",
                "ip link del " + cali),
            org.assertj.core.groups.Tuple.tuple("ip -n kcap-shop.web-1 link set lo up", ""),
            org.assertj.core.groups.Tuple.tuple(
                "ip -n kcap-shop.web-1 addr add 10.240.3.1/32 dev eth0", ""),
            org.assertj.core.groups.Tuple.tuple("ip -n kcap-shop.web-1 link set eth0 up", ""),
            org.assertj.core.groups.Tuple.tuple(
                "ip -n kcap-shop.web-1 route add 169.254.1.1 dev eth0 scope link", ""),
            org.assertj.core.groups.Tuple.tuple(
                "ip -n kcap-shop.web-1 route add default via 169.254.1.1 dev eth0", ""),
            org.assertj.core.groups.Tuple.tuple(
                "sysctl -q -w net.ipv4.conf." + cali + ".proxy_arp=1", ""),
            org.assertj.core.groups.Tuple.tuple(
                "sysctl -q -w net.ipv4.neigh." + cali + ".proxy_delay=0", ""),
            org.assertj.core.groups.Tuple.tuple("ip link set " + cali + " up", ""),
            org.assertj.core.groups.Tuple.tuple(
                "ip route add 10.240.3.1/32 dev " + cali + " scope link", ""));
  }

  @Test
  void aHostThatAlreadyForwardsIsLeftAlone() {
    SandboxPlan plan = SandboxPlan.plan(List.of(WEB), RANGE, host("1"));

    assertThat(plan.steps()).noneMatch(step -> step.command().contains("net.ipv4.ip_forward=1"));
    assertThat(plan.state().ipForwardBefore()).isEqualTo("1");
  }

  @Test
  void aRangeOverlappingAHostRouteIsRefusedQuotingTheRoute() {
    HostNetwork host =
        host(
            "0",
            "default via 192.0.2.1 dev eth0",
            "10.240.3.7 dev cali0123456789a scope link",
            "10.0.0.0/8 via 192.0.2.9 dev eth0");

    assertThatThrownBy(() -> SandboxPlan.plan(List.of(WEB), RANGE, host))
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "range 10.240.3.0/24 overlaps the host route \"10.240.3.7 dev cali0123456789a scope"
                + " link\"; choose a free range with --cidr\n"
                + "range 10.240.3.0/24 overlaps the host route \"10.0.0.0/8 via 192.0.2.9 dev"
                + " eth0\"; choose a free range with --cidr");
  }

  @Test
  void theDefaultRouteDoesNotClaimTheRange() {
    assertThat(SandboxPlan.plan(List.of(WEB), RANGE, host("0", "default via 192.0.2.1 dev eth0")))
        .isNotNull();
  }

  @Test
  void aPublicOrTooSmallRangeIsRefused() {
    assertThatThrownBy(
            () -> SandboxPlan.plan(List.of(WEB), Ipv4Cidr.parse("8.8.8.0/24"), host("0")))
        .hasMessageContaining("range 8.8.8.0/24 is not inside a private range");
    assertThatThrownBy(
            () ->
                SandboxPlan.plan(
                    List.of(WEB, DB, CLIENT), Ipv4Cidr.parse("10.240.3.0/30"), host("0")))
        .hasMessage("range 10.240.3.0/30 has room for 2 pods, fewer than the 3 asked");
  }

  @Test
  void interfacesAndNamespacesThatAlreadyExistAreRefusedByName() {
    String cali = CalicoNames.vethNameForWorkload("shop", "web-1");
    HostNetwork host =
        new HostNetwork(List.of(), Set.of("eth0", cali), Set.of("kcap-shop.db-1"), "0");

    assertThatThrownBy(() -> SandboxPlan.plan(List.of(WEB, DB), RANGE, host))
        .hasMessageContaining("interface " + cali + " for shop/web-1 already exists")
        .hasMessageContaining("network namespace kcap-shop.db-1 for shop/db-1 already exists");
  }

  @Test
  void longNamespaceNamesAreShortenedButStayUniqueAndRecognisable() {
    String name = "web-" + "x".repeat(100);

    String a = SandboxPlan.netnsName("shop", name + "a");
    String b = SandboxPlan.netnsName("shop", name + "b");

    assertThat(a).startsWith("kcap-shop.web-xxx").hasSize(63);
    assertThat(a).isNotEqualTo(b);
    assertThat(SandboxPlan.netnsName("shop", "web-1")).isEqualTo("kcap-shop.web-1");
    // A namespace cannot hold a dot, so these two pods cannot meet.
    assertThat(SandboxPlan.netnsName("a-b", "c")).isNotEqualTo(SandboxPlan.netnsName("a", "b-c"));
  }
}
