package io.kcap.api;

import static io.kcap.api.Fixtures.capture;
import static io.kcap.api.Fixtures.readOne;
import static io.kcap.api.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PacketCaptureValidatorTest {
  private static final String PROTOCOLS =
      "expected one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or 1-255";
  private static final String PORTS = "expected 1-65535 or \"start:end\"";

  @Test
  void severalViolationsAreAllReportedAtOnceEachWithPathAndValue() {
    String yaml =
        """
        apiVersion: kcap.io/v1
        kind: PacketCapture
        metadata:
          name: Web_Capture
          namespace: shop
        spec:
          selector: app == bogus
          filters:
          - protocol: TCP
            ports: [80]
          - protocol: UDP
            ports: [70000, "90:80"]
          - protocol: ICMP
            ports: [7]
          startTime: "2021-08-26T12:30:00Z"
          endTime: "2021-08-26T12:00:00Z"
          bpf: bogus and tcp
          snapLength: 300000
          limits:
            maxPackets: 0
            maxDuration: soon
        """;

    assertThat(violations(yaml))
        .containsExactly(
            "metadata.name: invalid value \"Web_Capture\": a lowercase RFC 1123 subdomain must"
                + " consist of lower case alphanumeric characters, '-' or '.', and must start and"
                + " end with an alphanumeric character (e.g. 'example.com')",
            "spec.selector: invalid selector \"app == bogus\": unexpected token \"bogus\" at"
                + " offset 7",
            "spec.filters[1].ports[0]: invalid port \"70000\": " + PORTS,
            "spec.filters[1].ports[1]: invalid port range \"90:80\": start 90 is after end 80",
            "spec.filters[2].ports: protocol \"ICMP\" has no ports: ports need TCP, UDP, SCTP or"
                + " UDPLite",
            "spec.endTime: invalid value \"2021-08-26T12:00:00Z\": must be after startTime"
                + " \"2021-08-26T12:30:00Z\"",
            "spec.bpf: invalid pcap-filter expression \"bogus and tcp\": syntax error in filter"
                + " expression",
            "spec.snapLength: snap length \"300000\" exceeds the maximum 262144",
            "spec.limits.maxPackets: invalid value \"0\": must be positive",
            "spec.limits.maxDuration: invalid duration \"soon\": expected a Go duration such as"
                + " 90s, 15m or 1h30m");
  }

  @Test
  void violationsFollowTheFieldsOrderWithListEntriesByIndex() {
    StringBuilder spec = new StringBuilder("bpf: bogus\nfilters:\n");
    for (int i = 0; i < 12; i++) {
      spec.append(i == 2 || i == 10 ? "- protocol: tcp\n" : "- protocol: UDP\n");
    }
    String yaml = capture(spec + "selector: bogus\nfoo: 1\n").replace("name: web", "name: Web");

    assertThat(violations(yaml))
        .extracting(line -> line.substring(0, line.indexOf(':')))
        .containsExactly(
            "metadata.name",
            "spec.selector",
            "spec.filters[2].protocol",
            "spec.filters[10].protocol",
            "spec.bpf",
            "spec.foo");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          protocol: tcp       | spec.filters[0].protocol: unsupported protocol "tcp": %1$s
          protocol: Tcp       | spec.filters[0].protocol: unsupported protocol "Tcp": %1$s
          protocol: ICMPV6    | spec.filters[0].protocol: unsupported protocol "ICMPV6": %1$s
          protocol: 0         | spec.filters[0].protocol: unsupported protocol "0": %1$s
          protocol: 256       | spec.filters[0].protocol: unsupported protocol "256": %1$s
          protocol: "256"     | spec.filters[0].protocol: unsupported protocol "256": %1$s
          protocol: -6        | spec.filters[0].protocol: unsupported protocol "-6": %1$s
          protocol: "-6"      | spec.filters[0].protocol: unsupported protocol "-6": %1$s
          protocol: ""        | spec.filters[0].protocol: unsupported protocol "": %1$s
          protocol: " 6"      | spec.filters[0].protocol: unsupported protocol " 6": %1$s
          """)
  void protocolsAreCalicosNamesOrNumbersFrom1To255(String filter, String expected) {
    assertThat(violations(capture("filters:\n- " + filter)))
        .containsExactly(expected.formatted(PROTOCOLS));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite", "1", "6", "255", "\"1\"", "\"255\"",
        "\"006\""
      })
  void everyCalicoProtocolSpellingIsAccepted(String protocol) {
    assertThat(violations(capture("filters:\n- protocol: " + protocol))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0            | invalid port "0": %1$s
          70000        | invalid port "70000": %1$s
          -1           | invalid port "-1": %1$s
          "0"          | invalid port "0": %1$s
          "65536"      | invalid port "65536": %1$s
          "http"       | invalid port "http": %1$s
          "1:70000"    | invalid port "1:70000": %1$s
          "0:80"       | invalid port "0:80": %1$s
          ":80"        | invalid port ":80": %1$s
          "80:"        | invalid port "80:": %1$s
          "80-90"      | invalid port "80-90": %1$s
          "1:2:3"      | invalid port "1:2:3": %1$s
          "90:80"      | invalid port range "90:80": start 90 is after end 80
          """)
  void portsAreNumbersFrom1To65535OrRanges(String port, String expected) {
    assertThat(violations(capture("filters:\n- protocol: TCP\n  ports: [" + port + "]")))
        .containsExactly("spec.filters[0].ports[0]: " + expected.formatted(PORTS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "65535", "\"80\"", "\"1:65535\"", "\"6040:6050\"", "\"80:80\""})
  void validPortsAndRangesAreAccepted(String port) {
    assertThat(violations(capture("filters:\n- protocol: UDP\n  ports: [" + port + "]"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TCP", "UDP", "SCTP", "UDPLite", "6", "17", "132", "136", "\"6\""})
  void portsGoWithProtocolsThatHavePorts(String protocol) {
    assertThat(violations(capture("filters:\n- protocol: " + protocol + "\n  ports: [80]")))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ICMP    | ICMP
          ICMPv6  | ICMPv6
          1       | 1
          "47"    | 47
          """)
  void portsWithAProtocolWithoutPortsAreRejected(String protocol, String shown) {
    assertThat(violations(capture("filters:\n- protocol: " + protocol + "\n  ports: [80]")))
        .containsExactly(
            "spec.filters[0].ports: protocol \""
                + shown
                + "\" has no ports: ports need TCP, UDP, SCTP or UDPLite");
  }

  @Test
  void portsWithoutAProtocolAreRejected() {
    assertThat(violations(capture("filters:\n- ports: [80]")))
        .containsExactly(
            "spec.filters[0].ports: ports need a protocol: set protocol to TCP, UDP, SCTP or"
                + " UDPLite");
  }

  @Test
  void anUnreadableProtocolIsReportedOnceNotAgainForItsPorts() {
    assertThat(violations(capture("filters:\n- protocol: tcp\n  ports: [80]")))
        .containsExactly("spec.filters[0].protocol: unsupported protocol \"tcp\": " + PROTOCOLS);
  }

  @Test
  void aFilterWithNeitherProtocolNorPortsIsValid() {
    assertThat(violations(capture("filters:\n- {}"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "yesterday",
        "2021-08-26",
        "2021-08-26 12:00:00Z",
        "2021-08-26T12:00Z",
        "2021-08-26T12:00:00",
        "2021-02-30T12:00:00Z",
        "2021-08-26T24:00:00Z",
        "2021-08-26T12:00:00+0100",
        "1629979200"
      })
  void timesMustBeRfc3339(String time) {
    assertThat(violations(capture("startTime: \"" + time + "\"")))
        .containsExactly(
            "spec.startTime: invalid time \""
                + time
                + "\": expected RFC 3339, such as 2021-08-26T12:00:00Z");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2021-08-26T12:00:00Z",
        "2021-08-26t12:00:00z",
        "2021-08-26T12:00:00.123456789Z",
        "2021-08-26T14:00:00+02:00",
        "2024-02-29T00:00:00-08:00"
      })
  void rfc3339TimesAreAccepted(String time) {
    assertThat(violations(capture("startTime: \"" + time + "\""))).isEmpty();
  }

  @Test
  void theEndMustComeAfterTheStartWhateverTheirOffsets() {
    // 12:30+02:00 is 10:30Z: before the start.
    assertThat(
            violations(
                capture(
                    "startTime: \"2021-08-26T11:00:00Z\"\nendTime: \"2021-08-26T12:30:00+02:00\"")))
        .containsExactly(
            "spec.endTime: invalid value \"2021-08-26T12:30:00+02:00\": must be after startTime"
                + " \"2021-08-26T11:00:00Z\"");
    assertThat(
            violations(
                capture("startTime: \"2021-08-26T11:00:00Z\"\nendTime: \"2021-08-26T11:00:00Z\"")))
        .hasSize(1);
    assertThat(
            violations(
                capture(
                    "startTime: \"2021-08-26T11:00:00Z\"\nendTime: \"2021-08-26T13:00:01+02:00\"")))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0       | spec.snapLength: snap length "0" is below the minimum 1
          -5      | spec.snapLength: snap length "-5" is below the minimum 1
          262145  | spec.snapLength: snap length "262145" exceeds the maximum 262144
          """)
  void snapLengthsAreBounded(String snapLength, String expected) {
    assertThat(violations(capture("snapLength: " + snapLength))).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 96, 65535, 262144})
  void snapLengthsWithinBoundsAreAccepted(int snapLength) {
    assertThat(violations(capture("snapLength: " + snapLength))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          format: pcap-ng          | spec.format: unsupported value "pcap-ng": expected pcap or pcapng
          format: PCAP             | spec.format: unsupported value "PCAP": expected pcap or pcapng
          limits: {maxBytes: -1}   | spec.limits.maxBytes: invalid value "-1": must be positive
          limits: {maxPackets: 0}  | spec.limits.maxPackets: invalid value "0": must be positive
          limits: {maxDuration: 0s} | spec.limits.maxDuration: invalid duration "0s": must be positive
          limits: {maxDuration: 15 minutes} | spec.limits.maxDuration: invalid duration "15 minutes": expected a Go duration such as 90s, 15m or 1h30m
          limits: {maxDuration: "-5m"} | spec.limits.maxDuration: invalid duration "-5m": expected a Go duration such as 90s, 15m or 1h30m
          limits: {maxDuration: 5} | spec.limits.maxDuration: expected a string, got number 5
          """)
  void kcapExtensionsAreChecked(String field, String expected) {
    assertThat(violations(capture(field))).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pcap", "pcapng"})
  void bothFormatsAreAccepted(String format) {
    assertThat(violations(capture("format: " + format))).isEmpty();
  }

  @Test
  void blankSelectorsAndExpressionsMeanAllAndAreNotChecked() {
    List<String> checked = new ArrayList<>();
    var recording =
        new PacketCaptureValidator(
            new ExpressionChecks() {
              @Override
              public Optional<String> selectorError(String selector) {
                checked.add(selector);
                return Optional.empty();
              }

              @Override
              public Optional<String> bpfError(String expression) {
                checked.add(expression);
                return Optional.empty();
              }
            });

    recording.validate(readOne(capture("selector: \"\"\nbpf: \"  \"")));
    recording.validate(readOne(capture("selector: all()\nbpf: tcp")));

    assertThat(checked).containsExactly("all()", "tcp");
  }

  @Test
  void namesAndNamespacesFollowKubernetesRules() {
    assertThat(violations(capture("{}").replace("name: web\n", "")))
        .containsExactly("metadata.name: required value: a PacketCapture needs a name");
    assertThat(violations(capture("{}").replace("name: web", "name: " + "a".repeat(254))))
        .containsExactly(
            "metadata.name: invalid value \""
                + "a".repeat(200)
                + "...\": must be no more than 253 characters (got 254)");
    assertThat(violations(capture("{}").replace("name: web", "name: web.v2-" + "a".repeat(240))))
        .isEmpty();
    assertThat(violations(capture("{}").replace("namespace: shop", "namespace: Shop")))
        .containsExactly(
            "metadata.namespace: invalid value \"Shop\": a lowercase RFC 1123 label must consist"
                + " of lower case alphanumeric characters or '-', and must start and end with an"
                + " alphanumeric character (e.g. 'my-name' or '123-abc')");
    assertThat(violations(capture("{}").replace("namespace: shop", "namespace: a.b"))).hasSize(1);
    assertThat(violations(capture("{}").replace("namespace: shop", "namespace: " + "n".repeat(64))))
        .containsExactly(
            "metadata.namespace: invalid value \""
                + "n".repeat(64)
                + "\": must be no more than 63 characters (got 64)");
    assertThat(violations(capture("{}").replace("  namespace: shop\n", ""))).isEmpty();
  }

  @Test
  void validationChangesNothingAndAnswersTheSameTwice() {
    PacketCapture capture = readOne(capture("filters:\n- protocol: tcp\nsnapLength: 0")).capture();
    String before = PacketCaptureManifests.toYaml(capture);

    List<Violation> first = Fixtures.VALIDATOR.validate(capture);
    List<Violation> second = Fixtures.VALIDATOR.validate(capture);

    assertThat(first).hasSize(2).isEqualTo(second);
    assertThat(PacketCaptureManifests.toYaml(capture)).isEqualTo(before);
  }

  @Test
  void aCaptureBuiltInCodeIsValidatedLikeARead() {
    PacketCapture capture = new PacketCapture();
    capture.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").build());
    capture.setSpec(
        PacketCaptureSpec.builder()
            .selector("app == 'web'")
            .filter(CaptureFilter.of(new IntOrString("SCTP"), List.of(new IntOrString("0:9"))))
            .snapLength(262145)
            .build());

    assertThat(Fixtures.VALIDATOR.validate(capture))
        .extracting(Violation::toString)
        .containsExactly(
            "spec.filters[0].ports[0]: invalid port \"0:9\": " + PORTS,
            "spec.snapLength: snap length \"262145\" exceeds the maximum 262144");
  }
}
