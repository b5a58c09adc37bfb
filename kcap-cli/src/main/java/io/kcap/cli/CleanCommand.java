package io.kcap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kcap clean NAME}: deletes a capture's files, as {@code calicoctl captured-packets clean}.
 */
@Command(
    name = "clean",
    mixinStandardHelpOptions = true,
    description = {
      "Delete every file a packet capture wrote, on every node, and print how many were"
          + " deleted. The PacketCapture itself stays (a capture still running goes on writing"
          + " new files); `kcap delete` removes it.",
      "",
      "  kcap clean web-capture -n shop",
      ""
    })
final class CleanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ApiOptions api;

  @Parameters(index = "0", paramLabel = "NAME", description = "The packet capture.")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = "default",
      description = "Namespace of the capture (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    StandaloneClient.checkNamespace(namespace);
    StandaloneClient.checkName(name);
    String qualified = namespace + "/" + name;
    OptionalInt deleted;
    try (StandaloneClient client = api.connect("clean")) {
      deleted = client.clean(namespace, name);
    }
    if (deleted.isEmpty()) {
      throw new CliException("packet capture " + qualified + " not found", 1);
    }
    int count = deleted.getAsInt();
    out.println(
        "deleted " + count + (count == 1 ? " file" : " files") + " of packet capture " + qualified);
    out.flush();
    return 0;
  }
}
