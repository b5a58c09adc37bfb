package io.kcap.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Real captures for format tests, made once per test JVM: tcpdump records ICMP, ICMPv6, UDP and a
 * TCP transfer between the two hosts of a {@link NetnsLab}, and editcap converts the result.
 *
 * @param ethernet tcpdump on host b's veth: Ethernet, microseconds
 * @param any tcpdump on host b's {@code any} pseudo-interface: Linux cooked v2 (LINUX_SLL2)
 * @param pcapng {@code editcap -F pcapng} of {@link #ethernet}
 * @param nanosecond {@code editcap -F nsecpcap} of {@link #ethernet}
 * @param nanosecondPcapng {@code editcap -F pcapng} of {@link #nanosecond}
 */
public record SampleCaptures(
    Path ethernet, Path any, Path pcapng, Path nanosecond, Path nanosecondPcapng) {

  private static SampleCaptures shared;

  /** The captures of this JVM, made on first use in a directory deleted at exit. */
  public static synchronized SampleCaptures get() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("kcap-samples");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        shared = record(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  private static SampleCaptures record(Path dir) {
    Path ethernet = dir.resolve("ethernet.pcap");
    Path any = dir.resolve("any.pcap");
    try (NetnsLab lab = NetnsLab.create()) {
      NetnsLab.Host a = lab.a();
      NetnsLab.Host b = lab.b();
      try (Tcpdump _ = Tcpdump.start(b, b.iface(), ethernet);
          Tcpdump _ = Tcpdump.start(b, "any", any)) {
        Process udpSink = b.start("ncat", "-l", "-u", "-k", b.ipv4(), "5353");
        Process tcpSink = b.start("ncat", "-l", "-k", b.ipv4(), "8080");
        try {
          pause(300);
          a.run("ping", "-c", "4", "-i", "0.05", b.ipv4()).orThrow();
          a.run("ping", "-6", "-c", "3", "-i", "0.05", b.ipv6()).orThrow();
          for (int i = 0; i < 5; i++) {
            a.run(
                    "bash",
                    "-c",
                    "echo datagram " + i + " | ncat -u -w 1 --send-only " + b.ipv4() + " 5353")
                .orThrow();
          }
          a.run("bash", "-c", "head -c 300000 /dev/zero | ncat --send-only " + b.ipv4() + " 8080")
              .orThrow();
          pause(300);
        } finally {
          udpSink.destroyForcibly();
          tcpSink.destroyForcibly();
        }
      }
    }
    Path pcapng = dir.resolve("ethernet.pcapng");
    Path nanosecond = dir.resolve("ethernet-ns.pcap");
    Path nanosecondPcapng = dir.resolve("ethernet-ns.pcapng");
    Tool.output("editcap", "-F", "pcapng", ethernet.toString(), pcapng.toString());
    Tool.output("editcap", "-F", "nsecpcap", ethernet.toString(), nanosecond.toString());
    Tool.output("editcap", "-F", "pcapng", nanosecond.toString(), nanosecondPcapng.toString());
    return new SampleCaptures(ethernet, any, pcapng, nanosecond, nanosecondPcapng);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort at exit
    }
  }
}
