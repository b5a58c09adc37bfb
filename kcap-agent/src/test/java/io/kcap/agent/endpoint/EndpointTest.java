package io.kcap.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTest {

  private static Endpoint web(Map<String, String> labels) {
    return new Endpoint(
        "shop", "web-1", labels, List.of("10.240.0.1"), "cali4bb4d25ba31", "node-1");
  }

  @Test
  void endpointLabelsAreThePodLabelsPlusCalicosNamespaceOrchestratorAndServiceAccount() {
    Endpoint endpoint = web(Map.of("app", "web", "tier", "front"));

    assertThat(endpoint.endpointLabels())
        .containsExactly(
            entry("app", "web"),
            entry("projectcalico.org/namespace", "shop"),
            entry("projectcalico.org/orchestrator", "k8s"),
            entry("projectcalico.org/serviceaccount", "default"),
            entry("tier", "front"));
  }

  @Test
  void calicosLabelsWinOverAPodLabelWithTheSameKey() {
    Endpoint endpoint =
        new Endpoint(
            "shop",
            "web-1",
            Map.of("projectcalico.org/namespace", "elsewhere", "app", "web"),
            List.of(),
            "cali4bb4d25ba31",
            "node-1",
            "web-sa");

    assertThat(endpoint.endpointLabels())
        .containsEntry("projectcalico.org/namespace", "shop")
        .containsEntry("projectcalico.org/serviceaccount", "web-sa")
        .containsEntry("app", "web");
    assertThat(endpoint.labels()).containsEntry("projectcalico.org/namespace", "elsewhere");
  }

  @Test
  void labelsAndIpsAreCopiedSoTheCallerCannotChangeThemLater() {
    Map<String, String> labels = new HashMap<>(Map.of("app", "web"));
    Endpoint endpoint = web(labels);
    labels.put("app", "db");

    assertThat(endpoint.labels()).containsExactly(entry("app", "web"));
    assertThatThrownBy(() -> endpoint.labels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> endpoint.endpointLabels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void everyInvalidComponentIsNamedInOneMessage() {
    assertThatThrownBy(
            () ->
                new Endpoint(
                    "Shop",
                    "web_1",
                    Map.of("app", "-web"),
                    List.of("10.240.0.300", "fd00::1"),
                    "cali-much-too-long",
                    " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("endpoint Shop/web_1: ")
        .hasMessageContaining("namespace \"Shop\"")
        .hasMessageContaining("name \"web_1\"")
        .hasMessageContaining("label value \"-web\"")
        .hasMessageContaining("IP \"10.240.0.300\" is not an IP address")
        .hasMessageNotContaining("fd00::1")
        .hasMessageContaining("interface name \"cali-much-too-long\" is 18 bytes long, not 1 to 15")
        .hasMessageContaining("node name is empty");
  }

  @Test
  void anIpMustBeALiteralAndIsNeverLookedUp() {
    assertThatThrownBy(
            () ->
                new Endpoint(
                    "shop", "web-1", Map.of(), List.of("localhost"), "cali4bb4d25ba31", "n"))
        .hasMessageContaining("IP \"localhost\" is not an IP address");
  }

  @Test
  void interfaceNamesFollowLinuxRules() {
    assertThat(Endpoint.checkInterfaceName("eth0")).isEmpty();
    assertThat(Endpoint.checkInterfaceName("cali4bb4d25ba31")).isEmpty();
    assertThat(Endpoint.checkInterfaceName("")).isPresent();
    assertThat(Endpoint.checkInterfaceName("..")).isPresent();
    assertThat(Endpoint.checkInterfaceName("eth0:1")).isPresent();
    assertThat(Endpoint.checkInterfaceName("a/b")).isPresent();
    assertThat(Endpoint.checkInterfaceName("a b")).isPresent();
  }
}
