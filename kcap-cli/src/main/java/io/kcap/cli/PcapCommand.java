package io.kcap.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kcap pcap}: offline tools for capture files. Its subcommands are listed here so that a run
 * of one of them builds only that one (see {@link KcapMain}), and its model is built in code
 * ({@link CodedCommand}): these tools are timed against tcpdump and mergecap, start-up included.
 */
final class PcapCommand implements Runnable, CodedCommand {
  /** In the order {@code kcap pcap --help} lists them. */
  static final List<KcapMain.Subcommand> SUBCOMMANDS =
      List.of(
          new KcapMain.Subcommand("info", PcapInfoCommand.class),
          new KcapMain.Subcommand("filter", PcapFilterCommand.class),
          new KcapMain.Subcommand("merge", PcapMergeCommand.class),
          new KcapMain.Subcommand("generate", PcapGenerateCommand.class));

  private CommandSpec spec;

  @Override
  public CommandSpec model() {
    spec = CommandSpec.wrapWithoutInspection(this).name("pcap");
    spec.usageMessage().description("Inspect, filter and merge pcap and pcapng files.");
    return CodedCommand.withStandardHelp(spec);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
