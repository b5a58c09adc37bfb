package io.kcap.cli;

import io.kcap.api.CaptureManifest;
import io.kcap.api.ExpressionChecks;
import io.kcap.api.ManifestException;
import io.kcap.api.PacketCaptureManifests;
import io.kcap.api.PacketCaptureValidator;
import io.kcap.api.PcapFilter;
import io.kcap.api.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kcap validate}: checks PacketCapture manifests before they are applied. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check PacketCapture manifests, kcap.io/v1 or Calico's projectcalico.org/v3, as admission"
          + " would, and report every problem at once.",
      "",
      "Prints one line per valid capture (FILE: NAMESPACE/NAME: valid) and one line per problem"
          + " (FILE: NAMESPACE/NAME: FIELD: message). Exit status: 0 when every document is"
          + " valid, 1 when any is not.",
      ""
    })
final class ValidateCommand implements Callable<Integer> {
  private static final String STDIN = "-";

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      required = true,
      description =
          "Manifest to check: a YAML (or JSON) file of one or more documents, or - for standard"
              + " input. Repeat to check several files.")
  List<String> files = new ArrayList<>();

  @Option(
      names = "--show-bpf",
      description =
          "For each valid capture, also print the pcap-filter expression its filters and bpf"
              + " make (what tcpdump would take) and how many classic-BPF instructions it"
              + " compiles to.")
  boolean showBpf;

  private final PacketCaptureValidator validator;
  private final FilterCompiler compiler;
  private final InputStream stdin;

  ValidateCommand(ExpressionChecks checks, FilterCompiler compiler, InputStream stdin) {
    this.validator = new PacketCaptureValidator(checks);
    this.compiler = Objects.requireNonNull(compiler);
    this.stdin = Objects.requireNonNull(stdin);
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    boolean allValid = true;
    for (String file : files) {
      allValid &= validate(file, out);
    }
    out.flush();
    return allValid ? 0 : 1;
  }

  private boolean validate(String file, PrintWriter out) throws IOException {
    String shown = file.equals(STDIN) ? "stdin" : file;
    List<CaptureManifest> manifests;
    try (Reader reader = open(file)) {
      manifests = PacketCaptureManifests.read(reader);
    } catch (ManifestException e) {
      out.println(shown + ": " + e.getMessage());
      return false;
    }
    if (manifests.isEmpty()) {
      out.println(shown + ": no PacketCapture in this file");
      return false;
    }
    boolean allValid = true;
    for (CaptureManifest manifest : manifests) {
      String prefix = shown + ": " + manifest.displayName() + ": ";
      List<Violation> violations = validator.validate(manifest);
      if (violations.isEmpty() && showBpf) {
        violations = showFilter(prefix, manifest, out);
      } else if (violations.isEmpty()) {
        out.println(prefix + "valid");
      }
      violations.forEach(violation -> out.println(prefix + violation));
      allValid &= violations.isEmpty();
    }
    return allValid;
  }

  /** Prints the valid line with the filter; a filter that does not compile is a violation. */
  private List<Violation> showFilter(String prefix, CaptureManifest manifest, PrintWriter out) {
    String expression = PcapFilter.expression(manifest.capture().getSpec());
    OptionalInt instructions;
    try {
      instructions = compiler.instructionCount(expression);
    } catch (IllegalArgumentException e) {
      return List.of(
          new Violation(
              "spec",
              "pcap-filter expression \"" + expression + "\" does not compile: " + e.getMessage()));
    }
    StringBuilder line = new StringBuilder(prefix).append("valid; pcap filter \"");
    line.append(expression).append('"');
    if (expression.isEmpty()) {
      line.append(" (all traffic)");
    }
    instructions.ifPresent(
        count ->
            line.append("; ")
                .append(count)
                .append(count == 1 ? " BPF instruction" : " BPF instructions"));
    out.println(line);
    return List.of();
  }

  private Reader open(String file) throws IOException {
    if (file.equals(STDIN)) {
      // Not closed with the reader: standard input belongs to the process.
      return new InputStreamReader(new UnclosedInputStream(stdin), StandardCharsets.UTF_8);
    }
    try {
      return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException(file + ": no such file", 1);
    }
  }

  private static final class UnclosedInputStream extends java.io.FilterInputStream {
    UnclosedInputStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
