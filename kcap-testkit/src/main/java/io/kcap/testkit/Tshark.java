package io.kcap.testkit;

import java.nio.file.Path;
import java.util.List;

/** tshark, Wireshark's reader, as the second opinion on the pcapng files kcap writes. */
public final class Tshark {
  private Tshark() {}

  /**
   * The drop and delivered counters of each interface statistics block of a pcapng file, one line
   * per block ({@code "dropped\tdelivered"}), as tshark decodes them when told to read the file's
   * own blocks rather than its packets.
   */
  public static List<String> statistics(Path pcapng) {
    return Tool.output(
            "tshark",
            "-r",
            pcapng.toString(),
            "-X",
            "read_format:MIME Files Format",
            "-Y",
            "pcapng.block.type == 5",
            "-T",
            "fields",
            "-e",
            "pcapng.options.option.data.interface.dropped_by_os",
            "-e",
            "pcapng.options.option.data.interface.delivered_to_user")
        .lines()
        .toList();
  }
}
