package io.kcap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workloads the {@code ./kcap} launcher trains its AOT caches on (JEP 483, 514, 515): every
 * class loaded and every method profiled here is ready when a later run starts.
 *
 * <p>With the argument {@code pcap}, the pcap tools at work, for the cache {@code kcap pcap} starts
 * with: {@code filter} and {@code merge} are what users time against tcpdump and mergecap, so they
 * run on a few MiB of generated IMIX traffic, long enough for their loops to be profiled, with a
 * filter expression so that libpcap's bindings are made once here. Without it, the help of every
 * command, for the cache of all other commands. The JVM preloads every class a cache holds when it
 * starts, so the pcap tools' cache keeps to theirs (BENCHMARKS.md, "Start-up, third round"). Run as
 * {@code java -XX:AOTCacheOutput=kcap-pcap.aot -cp kcap.jar io.kcap.cli.AotTraining pcap}.
 */
final class AotTraining {
  private AotTraining() {}

  static void main(String[] args) throws IOException {
    boolean pcap = args.length == 1 && args[0].equals("pcap");
    Path dir = Files.createTempDirectory("kcap-aot-training");
    try {
      for (List<String> command : pcap ? pcapTools(dir) : help()) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode =
            KcapMain.execute(
                command.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        if (exitCode != 0) {
          // The cache is still made; this run only taught it less.
          System.err.println(
              "kcap: AOT training 'kcap " + String.join(" ", command) + "' failed: " + err);
        }
      }
    } finally {
      delete(dir);
    }
    // Every kcap command ends in System.exit (KcapMain.main), which loads and runs the JDK's
    // logging of exits: ending the same way puts those classes in the cache too.
    System.exit(0);
  }

  /** The version, and the help of {@code kcap} and of every subcommand. */
  static List<List<String>> help() {
    List<List<String>> commands = new ArrayList<>();
    commands.add(List.of("--version"));
    commands.add(List.of("--help"));
    for (KcapMain.Subcommand subcommand : KcapMain.SUBCOMMANDS) {
      commands.add(List.of(subcommand.name(), "--help"));
    }
    return commands;
  }

  /** The pcap tools' command lines, in order: later ones read what earlier ones wrote. */
  static List<List<String>> pcapTools(Path dir) {
    String big = dir.resolve("imix.pcap").toString();
    String parts = dir.resolve("part-%d.pcap").toString();
    String out = dir.resolve("out.pcap").toString();
    List<String> merge = new ArrayList<>(List.of("pcap", "merge", "-o", out));
    for (int i = 1; i <= 4; i++) {
      merge.add(String.format(java.util.Locale.ROOT, parts, i));
    }
    List<List<String>> commands = new ArrayList<>();
    commands.add(List.of("pcap", "generate", "-o", big, "--size", "16MiB", "--seed", "1"));
    commands.add(
        List.of("pcap", "generate", "-o", parts, "--size", "16MiB", "--files", "4", "--seed", "2"));
    for (int round = 0; round < 2; round++) {
      commands.add(List.of("pcap", "filter", "-r", big, "-w", out, "udp"));
      commands.add(List.of("pcap", "filter", "-r", big, "-w", out));
      commands.add(merge);
    }
    commands.add(List.of("pcap", "filter", "-r", big, "-w", out, "tcp", "port", "443"));
    commands.add(List.of("pcap", "filter", "-r", big, "-w", out, "-F", "pcapng"));
    commands.add(List.of("pcap", "info", big));
    return commands;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              file -> {
                try {
                  Files.delete(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
