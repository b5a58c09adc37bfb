package io.kcap.cli;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.PcapWriter;
import io.kcap.pcap.TimestampPrecision;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kcap pcap generate}: benchmark input, hidden from the command list. */
@Command(
    name = "generate",
    hidden = true,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write deterministic Ethernet/IPv4 IMIX pcap files (60/590/1514-byte frames at 7:4:1 over"
          + " 4096 TCP, UDP and ICMP flows) for the benchmarks in bench/.",
      "With --files N the packets of one stream are dealt at random among N files, so that their"
          + " timestamps interleave and merging them is real work."
    })
final class PcapGenerateCommand implements Callable<Integer> {

  @Option(
      names = "-o",
      required = true,
      paramLabel = "OUT",
      description = "File to write; with --files above 1 a pattern holding %%d (1..N).")
  String output;

  @Option(
      names = "--size",
      paramLabel = "SIZE",
      defaultValue = "1GiB",
      description =
          "Total size of the output: bytes or with KiB, MiB, GiB (default ${DEFAULT-VALUE}).")
  String size;

  @Option(
      names = "--files",
      paramLabel = "N",
      defaultValue = "1",
      description = "Number of files to deal the packets to (default ${DEFAULT-VALUE}).")
  int files;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "1",
      description = "Seed of the pseudo-random choices (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    long total = bytes(size);
    if (files < 1 || files > 1024) {
      throw new CliException("--files " + files + " is outside 1..1024", 2);
    }
    if (files > 1 && !output.contains("%d")) {
      throw new CliException("-o must hold %d when --files is above 1", 2);
    }
    List<PcapWriter> writers = new ArrayList<>();
    try {
      for (int i = 1; i <= files; i++) {
        Path path = Path.of(files > 1 ? String.format(Locale.ROOT, output, i) : output);
        writers.add(
            new PcapWriter(
                FileChannel.open(
                    path,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING),
                LinkType.ETHERNET,
                262144,
                TimestampPrecision.MICROSECONDS));
      }
      ImixGenerator generator = new ImixGenerator(seed);
      SplittableRandom dealer = new SplittableRandom(seed ^ 0x5DEECE66DL);
      long written = 24L * files;
      while (written < total) {
        PcapWriter out = writers.get(dealer.nextInt(files));
        written += 16 + generator.next(out);
      }
    } finally {
      for (PcapWriter writer : writers) {
        writer.close();
      }
    }
    return 0;
  }

  static long bytes(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    long unit = 1;
    for (String[] suffix :
        new String[][] {{"gib", "1073741824"}, {"mib", "1048576"}, {"kib", "1024"}}) {
      if (t.endsWith(suffix[0])) {
        unit = Long.parseLong(suffix[1]);
        t = t.substring(0, t.length() - suffix[0].length());
        break;
      }
    }
    try {
      return Math.multiplyExact(Long.parseLong(t.strip()), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new CliException("--size " + text + " is not a size such as 1GiB or 134217728", 2);
    }
  }
}
