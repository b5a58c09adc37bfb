package io.kcap.pcap;

import io.kcap.testkit.Tool;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** What the reference tools say about a file, for cross-checks. */
final class Tools {
  private Tools() {}

  /** capinfos's packet count, earliest and latest time (nanoseconds, or null for n/a). */
  record Capinfos(long packets, Long earliestNanos, Long latestNanos) {}

  static Capinfos capinfos(Path file) {
    String line =
        Tool.output("capinfos", "-T", "-M", "-r", "-c", "-a", "-e", "-S", file.toString()).strip();
    String[] fields = line.split("\t");
    return new Capinfos(Long.parseLong(fields[1]), nanos(fields[2]), nanos(fields[3]));
  }

  /** Epoch seconds with a fraction, as capinfos -S prints them, in nanoseconds. */
  private static Long nanos(String seconds) {
    if (seconds.equals("n/a")) {
      return null;
    }
    return new BigDecimal(seconds).movePointRight(9).longValueExact();
  }

  /**
   * What tcpdump prints for every packet: time in microseconds, link-layer summary and the bytes in
   * hex. Two files with the same text hold the same packets in the same order.
   */
  static List<String> tcpdumpText(Path file) {
    return Tool.output("tcpdump", "-r", file.toString(), "-tt", "-nn", "-e", "-xx")
        .lines()
        .toList();
  }

  static CaptureSummary summary(Path file) throws IOException {
    try (CaptureReader reader = CaptureReader.open(file)) {
      return CaptureSummary.of(reader);
    }
  }

  static FileChannel create(Path file) throws IOException {
    return FileChannel.open(
        file,
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }
}
