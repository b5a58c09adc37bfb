package io.kcap.api;

import static io.kcap.api.Fixtures.capture;
import static io.kcap.api.Fixtures.readOne;
import static io.kcap.api.Fixtures.resource;
import static io.kcap.api.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class PacketCaptureManifestsTest {
  static final List<String> CALICO_MANIFESTS = Fixtures.CALICO_MANIFESTS;

  @ParameterizedTest
  @FieldSource("CALICO_MANIFESTS")
  void everyCalicoExampleFromTheDocumentationIsAcceptedAsItIs(String file) throws Exception {
    List<CaptureManifest> manifests = PacketCaptureManifests.read(resource(file));

    assertThat(manifests).isNotEmpty();
    for (CaptureManifest manifest : manifests) {
      assertThat(Fixtures.VALIDATOR.validate(manifest)).as(manifest.displayName()).isEmpty();
      assertThat(manifest.capture().getApiVersion()).isEqualTo("kcap.io/v1");
      assertThat(manifest.capture().getKind()).isEqualTo("PacketCapture");
    }
  }

  @Test
  void aCalicoManifestReadsAsTheSameCaptureInKcapV1() throws Exception {
    String calico = resource("manifests/calico/reference-samples.yaml");
    String kcap = calico.replace("apiVersion: projectcalico.org/v3", "apiVersion: kcap.io/v1");

    List<CaptureManifest> fromCalico = PacketCaptureManifests.read(calico);
    List<CaptureManifest> fromKcap = PacketCaptureManifests.read(kcap);

    assertThat(fromCalico).hasSize(2);
    for (int i = 0; i < 2; i++) {
      PacketCapture converted = fromCalico.get(i).capture();
      PacketCapture native_ = fromKcap.get(i).capture();
      assertThat(converted.getSpec()).isEqualTo(native_.getSpec());
      assertThat(converted.getMetadata()).isEqualTo(native_.getMetadata());
      assertThat(PacketCaptureManifests.toYaml(converted))
          .isEqualTo(PacketCaptureManifests.toYaml(native_));
    }
  }

  @Test
  void theReferenceSamplesKeepTheirSelectorFiltersAndTimes() throws Exception {
    List<CaptureManifest> manifests =
        PacketCaptureManifests.read(resource("manifests/calico/reference-samples.yaml"));

    PacketCaptureSpec filtered = manifests.get(0).capture().getSpec();
    assertThat(manifests.get(0).displayName()).isEqualTo("sample-namespace/sample-capture");
    assertThat(filtered.selector()).contains("k8s-app == \"sample-app\"");
    assertThat(filtered.filters())
        .containsExactly(CaptureFilter.of(new IntOrString("TCP"), List.of(new IntOrString(80))));
    PacketCaptureSpec timed = manifests.get(1).capture().getSpec();
    assertThat(timed.selector()).contains("all()");
    assertThat(timed.start()).contains(Instant.parse("2021-08-26T12:00:00Z"));
    assertThat(timed.end()).contains(Instant.parse("2021-08-26T12:30:00Z"));
    assertThat(timed.filters()).isEmpty();
  }

  @Test
  void aStatusPrintedByKubectlReadsBack() {
    CaptureManifest manifest = readOne(resource("manifests/calico/status-output.yaml"));

    assertThat(manifest.capture().getStatus().files())
        .singleElement()
        .satisfies(
            files -> {
              assertThat(files.node()).isEqualTo("node-0");
              assertThat(files.directory()).isEqualTo("/var/log/calico/pcap");
              assertThat(files.fileNames()).containsExactly("pod_cali.pcap");
              assertThat(files.state()).isEmpty();
              assertThat(files.packets()).isZero();
            });
  }

  @Test
  void everyKcapFieldIsRead() {
    CaptureManifest manifest = readOne(resource("manifests/kcap/everything.yaml"));
    PacketCaptureSpec spec = manifest.capture().getSpec();

    assertThat(Fixtures.VALIDATOR.validate(manifest)).isEmpty();
    assertThat(manifest.capture().getMetadata().getLabels()).isEqualTo(Map.of("team", "payments"));
    assertThat(manifest.capture().getMetadata().getAnnotations())
        .isEqualTo(Map.of("kcap.io/ticket", "INC-4711"));
    assertThat(spec.filters())
        .containsExactly(
            CaptureFilter.of(
                new IntOrString("TCP"),
                List.of(new IntOrString(443), new IntOrString("8000:8100"))),
            CaptureFilter.of(new IntOrString("UDPLite"), List.of(new IntOrString(5000))),
            CaptureFilter.of(new IntOrString(17), List.of(new IntOrString("53"))));
    assertThat(spec.start()).contains(Instant.parse("2030-01-01T10:00:00Z"));
    assertThat(spec.end()).contains(Instant.parse("2030-01-01T10:30:00.5Z"));
    assertThat(spec.bpf()).contains("not host 10.0.0.1");
    assertThat(spec.snapLength()).hasValue(128);
    assertThat(spec.format()).contains(CaptureFormat.PCAPNG);
    CaptureLimits limits = spec.limits().orElseThrow();
    assertThat(limits.maxPackets()).hasValue(100_000);
    assertThat(limits.maxBytes()).hasValue(1L << 30);
    assertThat(limits.maxDuration()).contains(Duration.ofMinutes(15));
  }

  @Test
  void aWrittenCaptureReadsBackTheSameHereAndThroughFabric8() throws Exception {
    PacketCapture original = readOne(resource("manifests/kcap/everything.yaml")).capture();
    original.setStatus(
        new PacketCaptureStatus(
            List.of(
                new CaptureFiles(
                    "node-1",
                    "/var/log/kcap/pcap",
                    List.of("web-1_cali1.pcapng", "web-0_cali0.pcapng"),
                    CaptureState.CAPTURING,
                    10,
                    1500,
                    1,
                    ""))));

    String yaml = PacketCaptureManifests.toYaml(original);
    CaptureManifest reread = readOne(yaml);
    PacketCapture viaFabric8 = new KubernetesSerialization().unmarshal(yaml, PacketCapture.class);

    assertThat(reread.violations()).isEmpty();
    assertThat(reread.capture().getSpec()).isEqualTo(original.getSpec());
    assertThat(reread.capture().getStatus()).isEqualTo(original.getStatus());
    assertThat(reread.capture().getStatus().files().getFirst().fileNames())
        .containsExactly("web-0_cali0.pcapng", "web-1_cali1.pcapng");
    assertThat(viaFabric8.getSpec()).isEqualTo(original.getSpec());
    assertThat(viaFabric8.getStatus()).isEqualTo(original.getStatus());
    assertThat(viaFabric8.getMetadata()).isEqualTo(original.getMetadata());
  }

  @Test
  void unknownFieldsAreViolationsAtTheirPathNotSilentlyDropped() {
    String yaml =
        """
        apiVersion: kcap.io/v1
        kind: PacketCapture
        metadata:
          name: web
          nmespace: shop
        spec:
          selector: all()
          snaplen: 96
          filters:
          - protocol: TCP
            port: 80
          limits:
            maxPacket: 10
        status:
          files:
          - node: n1
            nodes: n2
        extra: true
        """;

    assertThat(violations(yaml))
        .containsExactly(
            "metadata.nmespace: unknown field \"nmespace\"",
            "spec.filters[0].port: unknown field \"port\"",
            "spec.limits.maxPacket: unknown field \"maxPacket\"",
            "spec.snaplen: unknown field \"snaplen\"",
            "status.files[0].nodes: unknown field \"nodes\"",
            "extra: unknown field \"extra\"");
  }

  @Test
  void kcapExtensionsInACalicoManifestAskForKcapV1() {
    String yaml =
        """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: web
        spec:
          selector: all()
          bpf: tcp
          format: pcapng
        """;

    assertThat(violations(yaml))
        .containsExactly(
            "spec.bpf: field \"bpf\" is a kcap extension, unknown to projectcalico.org/v3:"
                + " use apiVersion kcap.io/v1",
            "spec.format: field \"format\" is a kcap extension, unknown to"
                + " projectcalico.org/v3: use apiVersion kcap.io/v1");
  }

  @Test
  void wrongTypesNameWhatWasExpectedAndWhatWasGiven() {
    String yaml =
        """
        apiVersion: kcap.io/v1
        kind: PacketCapture
        metadata:
          name: web
          labels:
            app: 1
        spec:
          selector: 5
          filters:
          - protocol: true
            ports: 80
          - protocol: TCP
            ports: [1.5, {a: b}]
          - tcp
          startTime: 2021
          snapLength: "96"
          format: [pcap]
          limits: 10
        """;

    assertThat(violations(yaml))
        .containsExactly(
            "metadata.labels[app]: expected a string, got number 1",
            "spec.selector: expected a string, got number 5",
            "spec.filters[0].protocol: expected an integer or a string, got boolean true",
            "spec.filters[0].ports: expected a list, got number 80",
            "spec.filters[1].ports[0]: expected an integer or a string, got number 1.5",
            "spec.filters[1].ports[1]: expected an integer or a string, got a mapping",
            "spec.filters[2]: expected a mapping, got string \"tcp\"",
            "spec.startTime: expected a string, got number 2021",
            "spec.snapLength: expected an integer, got string \"96\"",
            "spec.format: expected a string, got a list",
            "spec.limits: expected a mapping, got number 10");
  }

  @Test
  void anotherKindIsReportedByItsKindAlone() {
    String yaml =
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          namespace: sample
          name: tigera-packet-capture-role
        rules:
        - apiGroups: ["projectcalico.org"]
          resources: ["packetcaptures"]
          verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
        """;

    CaptureManifest manifest = readOne(yaml);

    assertThat(manifest.violations())
        .extracting(Violation::toString)
        .containsExactly(
            "rules: unknown field \"rules\"",
            "apiVersion: unsupported value \"rbac.authorization.k8s.io/v1\": expected kcap.io/v1"
                + " or projectcalico.org/v3",
            "kind: unsupported value \"Role\": expected PacketCapture");
    assertThat(manifest.displayName()).isEqualTo("sample/tigera-packet-capture-role");
  }

  @Test
  void missingApiVersionAndKindAreRequired() {
    CaptureManifest manifest = readOne("metadata: {name: web}\nspec: {selector: all()}\n");

    assertThat(manifest.violations())
        .extracting(Violation::toString)
        .containsExactly(
            "apiVersion: required value: expected kcap.io/v1 or projectcalico.org/v3",
            "kind: required value: expected PacketCapture");
  }

  @Test
  void yamlThatDoesNotParseIsOneLineWithItsPosition() {
    String yaml =
        """
        apiVersion: kcap.io/v1
        kind: PacketCapture
        metadata:
          name: web
        spec:
          selector: a == "b": c
        """;

    assertThatThrownBy(() -> PacketCaptureManifests.read(yaml))
        .isInstanceOf(ManifestException.class)
        .hasMessage("line 6, column 21: mapping values are not allowed here")
        .satisfies(
            e -> {
              assertThat(((ManifestException) e).line()).isEqualTo(6);
              assertThat(((ManifestException) e).column()).isEqualTo(21);
            });
  }

  @Test
  void badIndentationIsReportedWithItsLine() {
    String yaml = "apiVersion: kcap.io/v1\nkind: PacketCapture\n  metadata:\n    name: x\n";

    assertThatThrownBy(() -> PacketCaptureManifests.read(yaml))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("line 3, column ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void duplicateFieldsAreViolations() {
    String yaml = capture("selector: all()\nselector: app == 'x'\n");

    assertThat(violations(yaml)).containsExactly("spec.selector: duplicate field \"selector\"");
  }

  @Test
  void anUnquotedSelectorStartingWithABangIsCaughtRatherThanReadAsAll() {
    String yaml = capture("selector: !has(debug)\n");

    assertThat(violations(yaml))
        .containsExactly(
            "spec.selector: expected a string, got YAML tag \"!has(debug)\""
                + " (quote values that start with '!')");
  }

  @Test
  void emptyDocumentsAreSkippedAndTheOthersNumberedWithTheirLine() throws Exception {
    String yaml =
        "---\n# nothing here\n---\n"
            + capture("selector: all()")
            + "---\n---\n"
            + capture("selector: all()").replace("name: web", "name: api");

    List<CaptureManifest> manifests = PacketCaptureManifests.read(yaml);

    assertThat(manifests)
        .extracting(m -> m.document() + "@" + m.line() + " " + m.displayName())
        .containsExactly("1@4 shop/web", "2@13 shop/api");
  }

  @Test
  void jsonManifestsAreYamlToo() {
    String json =
        """
        {"apiVersion": "projectcalico.org/v3", "kind": "PacketCapture",
         "metadata": {"name": "web", "namespace": "shop"},
         "spec": {"selector": "all()", "filters": [{"protocol": "UDP", "ports": [53, "1000:2000"]}]}}
        """;

    CaptureManifest manifest = readOne(json);

    assertThat(Fixtures.VALIDATOR.validate(manifest)).isEmpty();
    assertThat(manifest.capture().getSpec().filters().getFirst().ports())
        .containsExactly(new IntOrString(53), new IntOrString("1000:2000"));
  }

  @Test
  void aDocumentThatIsNotAMappingIsAViolation() {
    CaptureManifest manifest = readOne("- a\n- b\n");

    assertThat(manifest.violations())
        .extracting(Violation::toString)
        .containsExactly("expected a PacketCapture, got a list");
    assertThat(manifest.displayName()).isEqualTo("document 1 (line 1)");
  }

  @Test
  void numbersTooLargeForTheModelAreReportedWithTheirDigits() {
    String yaml =
        capture(
            """
            filters:
            - protocol: 99999999999
              ports: [99999999999]
            snapLength: 99999999999
            limits:
              maxBytes: 99999999999999999999
            """);

    assertThat(violations(yaml))
        .containsExactly(
            "spec.filters[0].protocol: unsupported protocol \"99999999999\": expected one of TCP,"
                + " UDP, ICMP, ICMPv6, SCTP, UDPLite or 1-255",
            "spec.filters[0].ports[0]: invalid port \"99999999999\": expected 1-65535 or"
                + " \"start:end\"",
            "spec.snapLength: snap length \"99999999999\" exceeds the maximum 262144",
            "spec.limits.maxBytes: invalid value \"99999999999999999999\": must be at most"
                + " 9223372036854775807");
  }

  @Test
  void serverSetMetadataFromKubectlGetIsAcceptedAndBadValuesNamed() {
    String yaml =
        """
        apiVersion: kcap.io/v1
        kind: PacketCapture
        metadata:
          name: web
          namespace: shop
          uid: 0b7f6c1e-7f4a-4d38-9a53-3b6d2f0f6a11
          resourceVersion: "4711"
          generation: 2
          creationTimestamp: "2024-05-01T10:00:00Z"
          finalizers: [kcap.io/files]
        spec: {}
        """;

    CaptureManifest manifest = readOne(yaml);
    CaptureManifest bad = readOne(yaml.replace("generation: 2", "generation: two"));

    assertThat(manifest.violations()).isEmpty();
    assertThat(manifest.capture().getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(manifest.capture().getMetadata().getFinalizers()).containsExactly("kcap.io/files");
    assertThat(bad.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("metadata.generation"))
        .satisfies(v -> assertThat(v.message()).startsWith("invalid value: ").contains("two"));
  }
}
