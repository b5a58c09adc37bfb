package io.kcap.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class PacketCaptureCrdTest {
  @Test
  void theCommittedCrdIsWhatTheModelGenerates() throws IOException {
    String generated = PacketCaptureCrd.generateYaml();
    if (Boolean.getBoolean("kcap.crd.update")) {
      Files.createDirectories(PacketCaptureCrd.committedFile().getParent());
      Files.writeString(PacketCaptureCrd.committedFile(), generated);
    }
    assertThat(Files.readString(PacketCaptureCrd.committedFile()))
        .as(
            "deploy/crd is stale: regenerate with"
                + " ./mvnw -pl kcap-api test -Dtest=PacketCaptureCrdTest -Dkcap.crd.update=true")
        .isEqualTo(generated);
  }

  @Test
  void theCrdNamesTheNamespacedKcapResourceWithAStatusSubresource() {
    CustomResourceDefinition crd = generated();

    assertThat(crd.getMetadata().getName()).isEqualTo("packetcaptures.kcap.io");
    assertThat(crd.getSpec().getGroup()).isEqualTo("kcap.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("PacketCapture");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("packetcaptures");
    assertThat(crd.getSpec().getVersions())
        .singleElement()
        .satisfies(
            version -> {
              assertThat(version.getName()).isEqualTo("v1");
              assertThat(version.getServed()).isTrue();
              assertThat(version.getStorage()).isTrue();
              assertThat(version.getSubresources().getStatus()).isNotNull();
            });
  }

  @Test
  void protocolIsAnIntOrStringBoundedAsCalicoBoundsIt() {
    JSONSchemaProps protocol = filterSchema().getProperties().get("protocol");

    assertThat(protocol.getXKubernetesIntOrString()).isTrue();
    assertThat(protocol.getAnyOf())
        .extracting(JSONSchemaProps::getType)
        .containsExactly("integer", "string");
    assertThat(protocol.getType()).isNull();
    assertThat(protocol.getPattern()).isEqualTo(IpProtocol.PATTERN);
    assertThat(protocol.getMinimum()).isEqualTo(1.0);
    assertThat(protocol.getMaximum()).isEqualTo(255.0);
  }

  @Test
  void portsAreIntOrStringsBoundedToPortNumbersAndRanges() {
    JSONSchemaProps ports = filterSchema().getProperties().get("ports");
    JSONSchemaProps port = ports.getItems().getSchema();

    assertThat(ports.getType()).isEqualTo("array");
    assertThat(port.getXKubernetesIntOrString()).isTrue();
    assertThat(port.getPattern()).isEqualTo(PortRange.PATTERN);
    assertThat(port.getMinimum()).isEqualTo(1.0);
    assertThat(port.getMaximum()).isEqualTo(65535.0);
  }

  @Test
  void timesAreRfc3339DateTimes() {
    JSONSchemaProps spec = specSchema();

    for (String field : new String[] {"startTime", "endTime"}) {
      assertThat(spec.getProperties().get(field).getType()).isEqualTo("string");
      assertThat(spec.getProperties().get(field).getFormat()).isEqualTo("date-time");
      assertThat(spec.getProperties().get(field).getPattern())
          .isEqualTo(TimeValues.RFC3339_PATTERN);
    }
  }

  @Test
  void kcapExtensionsAreBoundedByTheSchema() {
    JSONSchemaProps spec = specSchema();

    assertThat(spec.getProperties().get("snapLength").getMinimum()).isEqualTo(1.0);
    assertThat(spec.getProperties().get("snapLength").getMaximum()).isEqualTo(262144.0);
    assertThat(spec.getProperties().get("format").getEnum())
        .extracting(node -> node.asText())
        .containsExactly("pcap", "pcapng");
    JSONSchemaProps limits = spec.getProperties().get("limits");
    assertThat(limits.getProperties().get("maxPackets").getMinimum()).isEqualTo(1.0);
    assertThat(limits.getProperties().get("maxBytes").getMinimum()).isEqualTo(1.0);
    assertThat(limits.getProperties().get("maxDuration").getPattern())
        .isEqualTo(TimeValues.GO_DURATION_PATTERN);
  }

  @Test
  void statusStatesAreCalicosFive() {
    JSONSchemaProps files =
        generated()
            .getSpec()
            .getVersions()
            .getFirst()
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status")
            .getProperties()
            .get("files")
            .getItems()
            .getSchema();

    assertThat(files.getProperties().get("state").getEnum())
        .extracting(node -> node.asText())
        .containsExactlyInAnyOrder(
            "Capturing", "Scheduled", "Finished", "Error", "WaitingForTraffic");
    assertThat(files.getProperties()).containsKeys("node", "directory", "fileNames");
  }

  @Test
  void kubectlGetShowsSelectorFirstAndTimesOnlyWhenWide() {
    var columns = generated().getSpec().getVersions().getFirst().getAdditionalPrinterColumns();

    assertThat(columns)
        .extracting(c -> c.getName() + " " + c.getJsonPath() + " " + c.getPriority())
        .containsExactly(
            "Selector .spec.selector 0",
            "Start .spec.startTime 1",
            "End .spec.endTime 1",
            "Age .metadata.creationTimestamp 0");
  }

  /** The CRD as generated now; the first test holds the committed file to it. */
  private static CustomResourceDefinition generated() {
    return new KubernetesSerialization()
        .unmarshal(PacketCaptureCrd.generateYaml(), CustomResourceDefinition.class);
  }

  private static JSONSchemaProps specSchema() {
    return generated()
        .getSpec()
        .getVersions()
        .getFirst()
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec");
  }

  private static JSONSchemaProps filterSchema() {
    return specSchema().getProperties().get("filters").getItems().getSchema();
  }
}
