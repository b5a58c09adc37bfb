package io.kcap.cli;

import io.kcap.pcap.CaptureMerger;
import io.kcap.pcap.CaptureReader;
import io.kcap.pcap.PcapFormatException;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kcap pcap merge}: one file from many, in time order. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Merge capture files into one, ordered by timestamp, in exactly the sequence 'mergecap'"
          + " writes: of packets with the same time, the one from the file named later comes"
          + " first (mergecap's rule), and a file's own order is never changed. Files are"
          + " streamed, so any size works with little memory.",
      "The output is pcap when every input has the same link type (nanosecond stamps when an"
          + " input is finer than microseconds), pcapng otherwise, with each input interface"
          + " becoming one output interface.",
      "Example: kcap pcap merge -o all.pcap node-a.pcap node-b.pcapng"
    })
final class PcapMergeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "-w"},
      required = true,
      paramLabel = "OUT",
      description = "File to write; - writes to standard output. Must not be an input.")
  String output;

  @Option(
      names = "-F",
      paramLabel = "FORMAT",
      description =
          "Output format, pcap or pcapng; chosen from the inputs' link types by default. pcap"
              + " over inputs of several link types is an error.")
  String format;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "pcap or pcapng files to merge.")
  List<String> files = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    CaptureMerger.Builder builder = CaptureMerger.builder();
    if (format != null) {
      builder.format(PcapFilterCommand.format(format));
    }
    CaptureMerger merger = builder.build();
    List<CaptureMerger.Input> readers = new ArrayList<>();
    try {
      for (String file : files) {
        if (file.equals("-")) {
          throw new CliException("merge reads files, not standard input", 2);
        }
        try {
          readers.add(new CaptureMerger.Input(file, CaptureReader.open(Streams.input(file))));
        } catch (PcapFormatException e) {
          throw new CliException(file + ": " + e.getMessage());
        }
      }
      WritableByteChannel target = Streams.output(output, files);
      try {
        merger.merge(readers, target);
      } catch (PcapFormatException e) {
        throw new CliException(e.getMessage());
      }
    } finally {
      for (CaptureMerger.Input input : readers) {
        input.reader().close();
      }
    }
    return 0;
  }
}
