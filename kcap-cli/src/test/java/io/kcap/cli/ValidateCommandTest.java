package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.api.ExpressionChecks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
  private static final String CALICO_SAMPLES =
      """
      apiVersion: projectcalico.org/v3
      kind: PacketCapture
      metadata:
        name: sample-capture
        namespace: sample-namespace
      spec:
        selector: k8s-app == "sample-app"
        filters:
          - protocol: TCP
            ports:
              - 80
      ---
      apiVersion: projectcalico.org/v3
      kind: PacketCapture
      metadata:
        name: sample-capture-all
      spec:
        selector: all()
        startTime: '2021-08-26T12:00:00Z'
        endTime: '2021-08-26T12:30:00Z'
      """;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void validManifestsPrintOneLineEachAndExitZero() throws IOException {
    Path file = write("samples.yaml", CALICO_SAMPLES);

    int exit = kcap("validate", "-f", file.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .isEqualTo(
            file
                + ": sample-namespace/sample-capture: valid\n"
                + file
                + ": default/sample-capture-all: valid\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void everyViolationOfEveryDocumentIsOneLineAndTheExitIsOne() throws IOException {
    Path file =
        write(
            "mixed.yaml",
            CALICO_SAMPLES
                + """
                ---
                apiVersion: kcap.io/v1
                kind: PacketCapture
                metadata:
                  name: web
                  namespace: shop
                spec:
                  filters:
                  - protocol: TCP
                    ports: [80]
                  - protocol: UDP
                    ports: [70000]
                  snaplen: 96
                  endTime: "2021-08-26T11:00:00Z"
                  startTime: "2021-08-26T12:00:00Z"
                """);

    int exit = kcap("validate", "--filename", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines())
        .containsExactly(
            file + ": sample-namespace/sample-capture: valid",
            file + ": default/sample-capture-all: valid",
            file
                + ": shop/web: spec.filters[1].ports[0]: invalid port \"70000\": expected 1-65535"
                + " or \"start:end\"",
            file
                + ": shop/web: spec.endTime: invalid value \"2021-08-26T11:00:00Z\": must be after"
                + " startTime \"2021-08-26T12:00:00Z\"",
            file + ": shop/web: spec.snaplen: unknown field \"snaplen\"");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void yamlThatDoesNotParseIsOneLineWithItsPositionAndNoStackTrace() throws IOException {
    Path file = write("broken.yaml", "apiVersion: kcap.io/v1\nkind: [PacketCapture\n");

    int exit = kcap("validate", "-f", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines())
        .singleElement()
        .asString()
        .startsWith(file + ": line 3, column 1: ");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void otherKindsInTheFileAreNamedAsNotPacketCaptures() throws IOException {
    Path file =
        write(
            "rbac.yaml",
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: tigera-packet-capture-role-jane
              namespace: sample
            """);

    int exit = kcap("validate", "-f", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines())
        .containsExactly(
            file
                + ": sample/tigera-packet-capture-role-jane: apiVersion: unsupported value"
                + " \"rbac.authorization.k8s.io/v1\": expected kcap.io/v1 or projectcalico.org/v3",
            file
                + ": sample/tigera-packet-capture-role-jane: kind: unsupported value"
                + " \"RoleBinding\": expected PacketCapture");
  }

  @Test
  void showBpfPrintsThePcapFilterOfEachValidCapture() throws IOException {
    Path file = write("samples.yaml", CALICO_SAMPLES);

    int exit = kcap("validate", "-f", file.toString(), "--show-bpf");

    assertThat(exit).isZero();
    assertThat(out.toString().lines())
        .containsExactly(
            file
                + ": sample-namespace/sample-capture: valid; pcap filter \"tcp and port 80\"; "
                + libpcapSize("tcp and port 80")
                + " BPF instructions",
            file
                + ": default/sample-capture-all: valid; pcap filter \"\" (all traffic); 1 BPF instruction");
  }

  private static int libpcapSize(String expression) {
    return io.kcap.capture.PcapFilterCompiler.compile(
            expression, io.kcap.pcap.LinkType.ETHERNET, 262144)
        .size();
  }

  @Test
  void showBpfAddsTheInstructionCountOfTheInjectedCompiler() throws IOException {
    Path file = write("samples.yaml", CALICO_SAMPLES);
    FilterCompiler compiler = expression -> OptionalInt.of(expression.isEmpty() ? 1 : 14);

    int exit =
        run(
            new ValidateCommand(ACCEPT_ALL, compiler, empty()),
            "-f",
            file.toString(),
            "--show-bpf");

    assertThat(exit).isZero();
    assertThat(out.toString().lines())
        .containsExactly(
            file
                + ": sample-namespace/sample-capture: valid; pcap filter \"tcp and port 80\"; 14"
                + " BPF instructions",
            file
                + ": default/sample-capture-all: valid; pcap filter \"\" (all traffic); 1 BPF"
                + " instruction");
  }

  @Test
  void aFilterTheCompilerRejectsMakesTheCaptureInvalid() throws IOException {
    Path file = write("one.yaml", CALICO_SAMPLES.substring(0, CALICO_SAMPLES.indexOf("---")));
    FilterCompiler compiler =
        expression -> {
          throw new IllegalArgumentException("expression rejects all packets");
        };

    int exit =
        run(
            new ValidateCommand(ACCEPT_ALL, compiler, empty()),
            "-f",
            file.toString(),
            "--show-bpf");

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .isEqualTo(
            file
                + ": sample-namespace/sample-capture: spec: pcap-filter expression \"tcp and port"
                + " 80\" does not compile: expression rejects all packets\n");
  }

  @Test
  void selectorAndBpfProblemsComeFromTheInjectedChecks() throws IOException {
    Path file =
        write(
            "checked.yaml",
            """
            apiVersion: kcap.io/v1
            kind: PacketCapture
            metadata: {name: web, namespace: shop}
            spec:
              selector: app == 'web' &&
              bpf: tcp port
            """);
    ExpressionChecks checks =
        new ExpressionChecks() {
          @Override
          public Optional<String> selectorError(String selector) {
            return Optional.of("expression ends after \"&&\"");
          }

          @Override
          public Optional<String> bpfError(String expression) {
            return Optional.of("syntax error");
          }
        };

    int exit =
        run(
            new ValidateCommand(checks, FilterCompiler.UNAVAILABLE, empty()),
            "-f",
            file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines())
        .containsExactly(
            file
                + ": shop/web: spec.selector: invalid selector \"app == 'web' &&\": expression"
                + " ends after \"&&\"",
            file
                + ": shop/web: spec.bpf: invalid pcap-filter expression \"tcp port\": syntax error");
  }

  @Test
  void kcapChecksSelectorsWithItsParserAndBpfWithLibpcap() throws IOException {
    Path file =
        write(
            "expressions.yaml",
            """
            apiVersion: kcap.io/v1
            kind: PacketCapture
            metadata: {name: bad-expressions, namespace: shop}
            spec:
              selector: app = "web"
              bpf: tcp prot 80
            ---
            apiVersion: kcap.io/v1
            kind: PacketCapture
            metadata: {name: good-expressions, namespace: shop}
            spec:
              selector: app == "web"
              filters: [{protocol: UDP, ports: [53]}]
            """);

    assertThat(kcap("validate", "-f", file.toString())).isEqualTo(1);
    assertThat(out.toString().lines())
        .anyMatch(
            l ->
                l.startsWith(file + ": shop/bad-expressions: spec.selector: ")
                    && l.contains("offset 4"))
        .anyMatch(
            l ->
                l.startsWith(file + ": shop/bad-expressions: spec.bpf: ")
                    && l.contains("syntax error"))
        .noneMatch(l -> l.contains("good-expressions") && !l.endsWith("valid"));

    out.getBuffer().setLength(0);
    Path good = write("good.yaml", s_after(Files.readString(file), "---\n"));
    assertThat(kcap("validate", "--show-bpf", "-f", good.toString())).isZero();
    assertThat(out.toString())
        .endsWith("; " + libpcapSize("udp and port 53") + " BPF instructions\n");
  }

  private static String s_after(String text, String separator) {
    return text.substring(text.indexOf(separator) + separator.length());
  }

  @Test
  void aDashReadsStandardInput() {
    InputStream stdin = new ByteArrayInputStream(CALICO_SAMPLES.getBytes(StandardCharsets.UTF_8));

    int exit = run(new ValidateCommand(ACCEPT_ALL, FilterCompiler.UNAVAILABLE, stdin), "-f", "-");

    assertThat(exit).isZero();
    assertThat(out.toString().lines())
        .containsExactly(
            "stdin: sample-namespace/sample-capture: valid",
            "stdin: default/sample-capture-all: valid");
  }

  @Test
  void severalFilesAreCheckedInOrder() throws IOException {
    Path good = write("good.yaml", CALICO_SAMPLES);
    Path empty = write("empty.yaml", "# nothing yet\n");

    int exit = kcap("validate", "-f", empty.toString(), "-f", good.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines())
        .containsExactly(
            empty + ": no PacketCapture in this file",
            good + ": sample-namespace/sample-capture: valid",
            good + ": default/sample-capture-all: valid");
  }

  @Test
  void aMissingFileIsOneLineOnStandardError() {
    Path missing = dir.resolve("nope.yaml");

    int exit = kcap("validate", "-f", missing.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("kcap: " + missing + ": no such file\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void withoutAFileTheUsageErrorSaysWhatIsMissing() {
    int exit = kcap("validate");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--filename=FILE'");
  }

  @Test
  void helpExplainsEveryOption() {
    int exit = kcap("validate", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("projectcalico.org/v3")
        .contains("-f, --filename=FILE")
        .contains("- for standard")
        .contains("--show-bpf")
        .contains("classic-BPF instructions")
        .contains("Exit status");
  }

  private static final ExpressionChecks ACCEPT_ALL =
      new ExpressionChecks() {
        @Override
        public Optional<String> selectorError(String selector) {
          return Optional.empty();
        }

        @Override
        public Optional<String> bpfError(String expression) {
          return Optional.empty();
        }
      };

  private static InputStream empty() {
    return new ByteArrayInputStream(new byte[0]);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private int kcap(String... args) {
    return KcapMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** The command alone, with kcap's failure handling, for collaborators KcapMain does not wire. */
  private int run(ValidateCommand command, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(new KcapMain.Failures());
    return cli.execute(args);
  }
}
