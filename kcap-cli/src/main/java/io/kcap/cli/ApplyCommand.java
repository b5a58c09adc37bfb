package io.kcap.cli;

import io.kcap.api.ExpressionChecks;
import io.kcap.api.PacketCapture;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kcap apply -f FILE}: creates or updates PacketCaptures, as {@code kubectl apply}. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Create or update the PacketCaptures of manifests (kcap.io/v1, or Calico's"
          + " projectcalico.org/v3, converted). Every document is checked first, as `kcap"
          + " validate` checks it; if any is invalid, nothing is applied.",
      "",
      "Prints packetcapture.kcap.io/NAME created, configured or unchanged per capture.",
      ""
    })
final class ApplyCommand implements Callable<Integer> {
  private static final String STDIN = "-";

  @Spec CommandSpec spec;
  @Mixin ApiOptions api;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      required = true,
      description =
          "Manifest to apply: a YAML (or JSON) file of one or more documents, or - for standard"
              + " input. Repeat to apply several files.")
  List<String> files = new ArrayList<>();

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description =
          "Namespace of the documents that name none (default: default). Documents that name"
              + " another namespace are refused.")
  String namespace;

  private final CaptureApplier applier;
  private final InputStream stdin;

  ApplyCommand(ExpressionChecks checks, InputStream stdin) {
    this.applier = new CaptureApplier(checks);
    this.stdin = Objects.requireNonNull(stdin);
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> target = Optional.ofNullable(namespace).map(StandaloneClient::checkNamespace);
    List<CaptureApplier.Source> sources = new ArrayList<>();
    for (String file : files) {
      sources.add(read(file));
    }
    List<PacketCapture> captures = applier.prepare(sources, target, err);
    try (StandaloneClient client = api.connect("apply")) {
      return applier.send(captures, client, out, err);
    }
  }

  private CaptureApplier.Source read(String file) throws IOException {
    if (file.equals(STDIN)) {
      // Standard input belongs to the process: read, never closed.
      return new CaptureApplier.Source(
          "stdin", new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
    }
    try {
      return new CaptureApplier.Source(
          file, Files.readString(Path.of(file), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new CliException(file + ": no such file", 1);
    }
  }
}
