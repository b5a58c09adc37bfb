package io.kcap.cli;

import picocli.CommandLine.Command;

/** {@code kcap pcap}: offline tools for capture files. */
@Command(
    name = "pcap",
    mixinStandardHelpOptions = true,
    description = "Inspect, filter and merge pcap and pcapng files.",
    subcommands = {
      PcapInfoCommand.class,
      PcapFilterCommand.class,
      PcapMergeCommand.class,
      PcapGenerateCommand.class
    })
final class PcapCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
