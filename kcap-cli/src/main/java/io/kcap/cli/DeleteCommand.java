package io.kcap.cli;

import io.kcap.api.CaptureManifest;
import io.kcap.api.ManifestException;
import io.kcap.api.PacketCaptureManifests;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kcap delete packetcapture NAME}: stops and removes captures; their files stay. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Delete PacketCaptures: capturing stops on every node. The files they wrote are kept, as"
          + " Calico keeps them; `kcap copy` still downloads them and `kcap clean` deletes them.",
      "",
      "  kcap delete packetcapture web-capture -n shop",
      "  kcap delete -f capture.yaml",
      ""
    })
final class DeleteCommand implements Callable<Integer> {
  private static final String STDIN = "-";

  @Spec CommandSpec spec;
  @Mixin ApiOptions api;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "TYPE",
      description = "packetcapture (also packetcaptures, pc); TYPE/NAME names one capture too.")
  String type;

  @Parameters(
      index = "1..*",
      arity = "0..*",
      paramLabel = "NAME",
      description = "The captures to delete.")
  List<String> nameArguments = new ArrayList<>();

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      description =
          "Delete the captures a manifest names (YAML or JSON, - for standard input). Repeat for"
              + " several files.")
  List<String> files = new ArrayList<>();

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = "default",
      description =
          "Namespace of the named captures, and of manifest documents that name none (default:"
              + " ${DEFAULT-VALUE}).")
  String namespace;

  private final InputStream stdin;

  DeleteCommand(InputStream stdin) {
    this.stdin = Objects.requireNonNull(stdin);
  }

  private record Target(String namespace, String name) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StandaloneClient.checkNamespace(namespace);
    List<Target> targets = new ArrayList<>();
    if (type != null) {
      List<String> arguments = new ArrayList<>(List.of(type));
      arguments.addAll(nameArguments);
      List<String> names = ResourceArguments.names(arguments);
      if (names.isEmpty()) {
        throw new CliException("name the packet captures to delete, or pass -f FILE", 2);
      }
      names.forEach(name -> targets.add(new Target(namespace, name)));
    }
    for (String file : files) {
      targets.addAll(targetsOf(file));
    }
    if (targets.isEmpty()) {
      throw new CliException("name the packet captures to delete, or pass -f FILE", 2);
    }
    int exitCode = 0;
    try (StandaloneClient client = api.connect("delete")) {
      for (Target target : targets) {
        if (client.delete(target.namespace(), target.name()).isPresent()) {
          out.println(
              CaptureApplier.RESOURCE
                  + " \""
                  + target.name()
                  + "\" deleted (its files are kept; `kcap clean "
                  + target.name()
                  + " -n "
                  + target.namespace()
                  + "` deletes them)");
        } else {
          err.println(
              "kcap: packet capture " + target.namespace() + "/" + target.name() + " not found");
          exitCode = 1;
        }
        out.flush();
      }
    }
    err.flush();
    return exitCode;
  }

  private List<Target> targetsOf(String file) throws IOException {
    String text;
    if (file.equals(STDIN)) {
      text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } else {
      try {
        text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new CliException(file + ": no such file", 1);
      }
    }
    String shown = file.equals(STDIN) ? "stdin" : file;
    List<CaptureManifest> manifests;
    try {
      manifests = PacketCaptureManifests.read(text);
    } catch (ManifestException e) {
      throw new CliException(shown + ": " + e.getMessage(), 1);
    }
    List<Target> targets = new ArrayList<>();
    for (CaptureManifest manifest : manifests) {
      var metadata = manifest.capture().getMetadata();
      String name = metadata == null ? null : metadata.getName();
      if (name == null || name.isEmpty()) {
        throw new CliException(shown + ": " + manifest.displayName() + ": no metadata.name", 1);
      }
      String ns = metadata.getNamespace() == null ? namespace : metadata.getNamespace();
      targets.add(
          new Target(StandaloneClient.checkNamespace(ns), StandaloneClient.checkName(name)));
    }
    return targets;
  }
}
