package io.kcap.cli;

import io.kcap.pcap.CaptureFilter;
import io.kcap.pcap.CaptureFormat;
import io.kcap.pcap.CaptureReader;
import io.kcap.pcap.PcapFormatException;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code kcap pcap filter}: copy, convert and filter a capture file. */
final class PcapFilterCommand implements Callable<Integer>, CodedCommand {
  /** Every name of every option below that takes a value. */
  static final Set<String> OPTIONS_WITH_VALUES = Set.of("-r", "-w", "-F", "--start", "--end");

  private final FilterExpressionCompiler compiler;

  private final OptionSpec input =
      CodedCommand.stringOption(
              new String[] {"-r"},
              "IN",
              "Capture file to read (pcap or pcapng); - reads standard input.")
          .required(true)
          .build();

  private final OptionSpec output =
      CodedCommand.stringOption(
              new String[] {"-w"},
              "OUT",
              "File to write; - writes to standard output. Must not be the input.")
          .required(true)
          .build();

  private final OptionSpec format =
      CodedCommand.stringOption(
              new String[] {"-F"},
              "FORMAT",
              "Output format, pcap or pcapng; the input's by default. pcapng input can become pcap"
                  + " only when all its interfaces share one link type.")
          .build();

  private final OptionSpec start =
      CodedCommand.stringOption(
              new String[] {"--start"},
              "TIME",
              "Keep packets stamped at or after TIME (RFC 3339, e.g. 2024-05-01T12:00:00Z or"
                  + " 2024-05-01T14:00:00.25+02:00).")
          .build();

  private final OptionSpec end =
      CodedCommand.stringOption(
              new String[] {"--end"},
              "TIME",
              "Keep packets stamped before TIME (RFC 3339). Packets without a time are dropped when"
                  + " --start or --end is given.")
          .build();

  private final OptionSpec nano =
      CodedCommand.flag(
          "--nano",
          "Write nanosecond stamps to pcap output, as 'tcpdump --nano' does; microseconds"
              + " otherwise.");

  private final PositionalParamSpec expression =
      CodedCommand.strings(
          "0..*",
          "EXPR",
          "tcpdump filter expression (pcap-filter(7)), compiled per link type of the input;"
              + " several words are joined with spaces. None keeps every packet.");

  PcapFilterCommand() {
    this(new LibpcapExpressionCompiler());
  }

  PcapFilterCommand(FilterExpressionCompiler compiler) {
    this.compiler = compiler;
  }

  @Override
  public CommandSpec model() {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("filter");
    spec.usageMessage()
        .sortOptions(false)
        .description(
            "Copy the packets of a capture file that match a tcpdump filter expression and a time"
                + " window, converting between pcap and pcapng on the way.",
            "For pcap input and output the result is byte for byte what 'tcpdump -r IN -w OUT"
                + " EXPR' writes (microsecond stamps unless --nano, host byte order). pcapng input"
                + " keeps its sections, interfaces and other blocks; only packets are dropped.",
            "Example: kcap pcap filter -r big.pcapng -w web.pcapng --start 2024-05-01T12:00:00Z"
                + " 'tcp port 443'");
    for (OptionSpec option : List.of(input, output, format, start, end, nano)) {
      spec.addOption(option);
    }
    spec.addPositional(expression);
    return CodedCommand.withStandardHelp(spec);
  }

  /** The expression's words as given, empty when there are none. */
  List<String> expression() {
    return CodedCommand.values(expression);
  }

  @Override
  public Integer call() throws IOException {
    String input = this.input.getValue();
    String output = this.output.getValue();
    String format = this.format.getValue();
    String start = this.start.getValue();
    String end = this.end.getValue();
    CaptureFilter.Builder builder =
        CaptureFilter.builder().nanosecondPcap(CodedCommand.isSet(nano));
    if (format != null) {
      builder.format(format(format));
    }
    if (start != null) {
      builder.start(Times.parse("--start", start));
    }
    if (end != null) {
      builder.end(Times.parse("--end", end));
    }
    if (start != null
        && end != null
        && !Times.parse("--start", start).isBefore(Times.parse("--end", end))) {
      throw new CliException("--end " + end + " is not after --start " + start, 2);
    }
    String text = String.join(" ", expression()).strip();
    if (!text.isEmpty()) {
      builder.predicates(compiler.compile(text));
    }
    CaptureFilter filter = builder.build();
    ReadableByteChannel source = Streams.input(input);
    try (CaptureReader reader = CaptureReader.open(source)) {
      WritableByteChannel target = Streams.output(output, List.of(input));
      filter.run(reader, target);
    } catch (PcapFormatException e) {
      throw new CliException(name(input) + ": " + e.getMessage());
    }
    return 0;
  }

  /**
   * Whether the kcap command line {@code args} runs this command with a filter expression: a guess
   * made before picocli has built the command, so that libpcap can be prepared meanwhile (see
   * {@link LibpcapExpressionCompiler#prepareInBackground}). A wrong guess costs time, never a
   * result.
   */
  static boolean givesAnExpression(String[] args) {
    if (args.length < 3 || !args[0].equals("pcap") || !args[1].equals("filter")) {
      return false;
    }
    for (int i = 2; i < args.length; i++) {
      String word = args[i];
      if (word.equals("--")) {
        return i + 1 < args.length;
      }
      if (OPTIONS_WITH_VALUES.contains(word)) {
        i++;
      } else if (!word.startsWith("-")) {
        return true;
      }
    }
    return false;
  }

  private static String name(String file) {
    return file.equals("-") ? "standard input" : file;
  }

  static CaptureFormat format(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "pcap" -> CaptureFormat.PCAP;
      case "pcapng" -> CaptureFormat.PCAPNG;
      default -> throw new CliException("-F " + name + " is not a format; use pcap or pcapng", 2);
    };
  }
}
