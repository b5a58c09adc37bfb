package io.kcap.cli;

import io.kcap.pcap.CaptureMerger;
import io.kcap.pcap.CaptureReader;
import io.kcap.pcap.PcapFormatException;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code kcap pcap merge}: one file from many, in time order. */
final class PcapMergeCommand implements Callable<Integer>, CodedCommand {
  private final OptionSpec output =
      CodedCommand.stringOption(
              new String[] {"-o", "-w"},
              "OUT",
              "File to write; - writes to standard output. Must not be an input.")
          .required(true)
          .build();

  private final OptionSpec format =
      CodedCommand.stringOption(
              new String[] {"-F"},
              "FORMAT",
              "Output format, pcap or pcapng; chosen from the inputs' link types by default. pcap"
                  + " over inputs of several link types is an error.")
          .build();

  private final PositionalParamSpec files =
      CodedCommand.strings("1..*", "FILE", "pcap or pcapng files to merge.");

  @Override
  public CommandSpec model() {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("merge");
    spec.usageMessage()
        .sortOptions(false)
        .description(
            "Merge capture files into one, ordered by timestamp, in exactly the sequence"
                + " 'mergecap' writes: of packets with the same time, the one from the file named"
                + " later comes first (mergecap's rule), and a file's own order is never changed."
                + " Files are streamed, so any size works with little memory.",
            "The output is pcap when every input has the same link type (nanosecond stamps when"
                + " an input is finer than microseconds), pcapng otherwise, with each input"
                + " interface becoming one output interface.",
            "Example: kcap pcap merge -o all.pcap node-a.pcap node-b.pcapng");
    spec.addOption(output);
    spec.addOption(format);
    spec.addPositional(files);
    return CodedCommand.withStandardHelp(spec);
  }

  @Override
  public Integer call() throws IOException {
    String output = this.output.getValue();
    String format = this.format.getValue();
    List<String> files = CodedCommand.values(this.files);
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
