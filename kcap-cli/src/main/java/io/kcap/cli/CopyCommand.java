package io.kcap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kcap copy NAME}: downloads a capture's files, as {@code calicoctl captured-packets copy}.
 */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    description = {
      "Download every file of a packet capture, from every node, through the API (as one zip)"
          + " and extract it into a directory as NODE/FILE, as `calicoctl captured-packets copy`"
          + " does. Files of a deleted capture can still be copied until `kcap clean`.",
      "",
      "Existing files are never replaced unless --overwrite is given; files are written under a"
          + " temporary name and renamed once the whole download has arrived, so a failed copy"
          + " leaves nothing half-written. A download that takes more than a second shows its"
          + " progress on standard error.",
      "",
      "  kcap copy web-capture -n shop --dest /tmp/captures",
      ""
    })
final class CopyCommand implements Callable<Integer> {
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

  @Option(
      names = {"-d", "--dest", "--destination"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Directory to extract into, made if missing (default: the current directory).")
  Path destination;

  @Option(
      names = "--overwrite",
      description = "Replace files that already exist in DIR instead of refusing.")
  boolean overwrite;

  private final LongSupplier nanoTime;

  CopyCommand(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StandaloneClient.checkNamespace(namespace);
    StandaloneClient.checkName(name);
    String qualified = namespace + "/" + name;
    List<CaptureZip.Extracted> files;
    Progress progress = new Progress(qualified, err, nanoTime);
    try (StandaloneClient client = api.connect("copy")) {
      Optional<InputStream> zip = client.download(namespace, name);
      if (zip.isEmpty()) {
        throw new CliException("packet capture " + qualified + " not found", 1);
      }
      try (InputStream in = progress.counting(zip.get())) {
        files = CaptureZip.extract(in, destination, overwrite);
      }
    }
    progress.finish();
    if (files.isEmpty()) {
      out.println("packet capture " + qualified + " has no files yet");
    } else {
      long bytes = files.stream().mapToLong(CaptureZip.Extracted::size).sum();
      for (CaptureZip.Extracted file : files) {
        out.println(destination.resolve(file.entryName()));
      }
      out.println(
          "copied "
              + files.size()
              + (files.size() == 1 ? " file" : " files")
              + " ("
              + Progress.size(bytes)
              + ") of packet capture "
              + qualified
              + " to "
              + destination.toAbsolutePath().normalize());
    }
    out.flush();
    return 0;
  }
}
