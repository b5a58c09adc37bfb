package io.kcap.cli;

import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code kcap pcap}: offline tools for capture files. Its subcommands are listed here rather than
 * in the annotation so that a run of one of them builds only that one (see {@link KcapMain}): these
 * tools are timed against tcpdump and mergecap, start-up included.
 */
@Command(
    name = "pcap",
    mixinStandardHelpOptions = true,
    description = "Inspect, filter and merge pcap and pcapng files.")
final class PcapCommand implements Runnable {
  /** In the order {@code kcap pcap --help} lists them. */
  static final List<KcapMain.Subcommand> SUBCOMMANDS =
      List.of(
          new KcapMain.Subcommand("info", PcapInfoCommand.class),
          new KcapMain.Subcommand("filter", PcapFilterCommand.class),
          new KcapMain.Subcommand("merge", PcapMergeCommand.class),
          new KcapMain.Subcommand("generate", PcapGenerateCommand.class));

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
