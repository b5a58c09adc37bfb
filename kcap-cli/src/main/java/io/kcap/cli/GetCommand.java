package io.kcap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureManifests;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kcap get packetcaptures}: lists captures, or shows one, as {@code kubectl get}. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "List PacketCaptures, or show the named ones, with what the nodes report: state"
          + " (Capturing, WaitingForTraffic, Scheduled, Finished, or Error when any node fails),"
          + " files and packets added up over all nodes.",
      "",
      "  kcap get packetcaptures -n shop",
      "  kcap get pc -A -o wide",
      "  kcap get packetcapture web-capture -n shop -o yaml",
      ""
    })
final class GetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ApiOptions api;

  @Parameters(
      index = "0",
      paramLabel = "TYPE",
      description = "packetcaptures (also packetcapture, pc); TYPE/NAME names one capture too.")
  String type;

  @Parameters(
      index = "1..*",
      arity = "0..*",
      paramLabel = "NAME",
      description = "The captures to show; none lists them all.")
  List<String> nameArguments = new ArrayList<>();

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = "default",
      description = "Namespace of the captures (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "List the captures of every namespace, with a NAMESPACE column.")
  boolean allNamespaces;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description =
          "wide: add the filters and the start and end times; yaml or json: the whole objects,"
              + " status included (one object for one name, else a PacketCaptureList).")
  String output;

  private final InstantSource clock;

  GetCommand(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  private enum Format {
    TABLE,
    WIDE,
    YAML,
    JSON
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> arguments = new ArrayList<>(List.of(type));
    arguments.addAll(nameArguments);
    List<String> names = ResourceArguments.names(arguments);
    Format format = format(output);
    if (allNamespaces && !names.isEmpty()) {
      throw new CliException(
          "a packet capture cannot be named across all namespaces: leave out -A and pass -n", 2);
    }
    StandaloneClient.checkNamespace(namespace);
    int exitCode = 0;
    List<PacketCapture> captures = new ArrayList<>();
    try (StandaloneClient client = api.connect("get")) {
      if (names.isEmpty()) {
        captures.addAll(client.list(allNamespaces ? Optional.empty() : Optional.of(namespace)));
      }
      for (String name : names) {
        Optional<PacketCapture> found = client.get(namespace, name);
        if (found.isPresent()) {
          captures.add(found.get());
        } else {
          err.println("kcap: packet capture " + namespace + "/" + name + " not found");
          exitCode = 1;
        }
      }
    }
    if (names.isEmpty()) {
      captures.sort(
          Comparator.comparing((PacketCapture c) -> c.getMetadata().getNamespace())
              .thenComparing(c -> c.getMetadata().getName()));
    }
    switch (format) {
      case TABLE, WIDE -> {
        if (captures.isEmpty() && names.isEmpty()) {
          err.println(
              allNamespaces
                  ? "No packet captures found."
                  : "No packet captures found in namespace " + namespace + ".");
        } else if (!captures.isEmpty()) {
          CaptureTable.render(captures, allNamespaces, format == Format.WIDE, clock.instant())
              .forEach(out::println);
        }
      }
      case YAML -> {
        if (names.size() == 1 && captures.size() == 1) {
          out.print(PacketCaptureManifests.toYaml(captures.getFirst()));
        } else if (!captures.isEmpty() || names.isEmpty()) {
          out.print(new KubernetesSerialization().asYaml(list(captures)));
        }
      }
      case JSON -> {
        if (names.size() == 1 && captures.size() == 1) {
          out.println(prettyJson(captures.getFirst()));
        } else if (!captures.isEmpty() || names.isEmpty()) {
          out.println(prettyJson(list(captures)));
        }
      }
    }
    out.flush();
    err.flush();
    return exitCode;
  }

  private static Format format(String output) {
    if (output == null) {
      return Format.TABLE;
    }
    return switch (output.toLowerCase(Locale.ROOT)) {
      case "wide" -> Format.WIDE;
      case "yaml" -> Format.YAML;
      case "json" -> Format.JSON;
      default ->
          throw new CliException(
              "unknown output format \"" + output + "\": expected wide, yaml or json", 2);
    };
  }

  /** The API's list shape, so that what {@code get -o yaml} prints reads back as it came. */
  private static Map<String, Object> list(List<PacketCapture> captures) {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", PacketCapture.API_VERSION);
    list.put("kind", PacketCapture.KIND + "List");
    list.put("items", captures);
    return list;
  }

  private static String prettyJson(Object value) throws IOException {
    JsonNode tree = new KubernetesSerialization().convertValue(value, JsonNode.class);
    return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
  }
}
