package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.pcap.Block;
import io.kcap.pcap.OptionCode;
import io.kcap.pcap.TimestampResolution;
import io.kcap.testkit.NetnsLab;
import io.kcap.testkit.Tcpdump;
import io.kcap.testkit.Tool;
import io.kcap.testkit.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcapng output on real traffic between two network namespaces: tcpdump's packets byte for byte
 * (both files read with kcap-pcap's readers), a named interface with nanosecond resolution, the
 * kernel's drop count at the end of every file, and Wireshark's tools reading each file cleanly.
 */
class PcapNgOutputTest {
  @TempDir Path dir;

  private static CaptureSession capture(NetnsLab.Host host, String expression, PacketSink sink) {
    return CaptureSession.open(
        CaptureOptions.on(host.iface())
            .netns(host.netns())
            .description("pod b of the test lab")
            .filter(CaptureFilter.of(TcpdumpFilter.compile(expression)))
            .build(),
        sink);
  }

  /** tshark's interface name for each packet; fails on any complaint of tshark's. */
  private static List<String> wiresharkInterfaceNames(Path file) {
    Tool.Result result =
        Tool.run("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.interface_name")
            .orThrow();
    assertThat(complaints(result)).as("tshark on " + file).isEmpty();
    return result.stdout().lines().toList();
  }

  private static String capinfos(Path file) {
    Tool.Result result = Tool.run("capinfos", file.toString()).orThrow();
    assertThat(complaints(result)).as("capinfos on " + file).isEmpty();
    return result.stdout();
  }

  /** What a tool printed on stderr beyond its warning about running as root. */
  private static List<String> complaints(Tool.Result result) {
    return result.stderr().lines().filter(l -> !l.startsWith("Running as user")).toList();
  }

  @Test
  void aPcapngCaptureHoldsTcpdumpsPacketsNamesItsInterfaceAndEndsWithTheDropCount()
      throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      NetnsLab.Host b = lab.b();
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcapng");
      String filter = TcpdumpEquivalenceTest.UDP_TCP_ICMP;
      CaptureEnd end;
      Tcpdump tcpdump = Tcpdump.start(b, b.iface(), reference, filter.split(" "));
      try {
        CaptureSession session =
            capture(
                b,
                filter,
                new RotatingFileSink(
                    ours, CaptureFormat.PCAPNG, Rotation.NONE, InstantSource.system()));
        // Its datagrams of 5 and 6 bytes make packet blocks with different paddings.
        TcpdumpEquivalenceTest.udpTcpIcmp(lab, 100_000);
        end = session.stop();
      } finally {
        tcpdump.close();
      }

      PcapNgFile file = PcapNgFile.read(ours);
      List<String> expected = PcapNgFile.records(reference);
      assertThat(expected).hasSizeGreaterThan(20);
      assertThat(PcapNgFile.records(ours)).containsExactlyElementsOf(expected);
      assertThat(file.layout().getFirst()).isEqualTo("SectionHeader");
      assertThat(file.interfaces()).hasSize(1);
      Block.InterfaceDescription idb = file.interfaces().getFirst();
      assertThat(idb.name()).isEqualTo(b.iface());
      assertThat(PcapNgFile.option(idb.options(), OptionCode.IF_DESCRIPTION).stringValue())
          .isEqualTo("pod b of the test lab");
      assertThat(idb.resolution()).isEqualTo(TimestampResolution.NANOSECONDS);
      Block.InterfaceStatistics isb = file.statistics();
      assertThat(end.stats().packets()).isEqualTo(expected.size());
      assertThat(PcapNgFile.counter(isb, OptionCode.ISB_OSDROP)).isEqualTo(end.stats().drops());
      assertThat(PcapNgFile.counter(isb, OptionCode.ISB_USRDELIV)).isEqualTo(expected.size());

      assertThat(wiresharkInterfaceNames(ours)).hasSize(expected.size()).containsOnly(b.iface());
      assertThat(capinfos(ours))
          .containsPattern("File timestamp precision:\\s+nanoseconds \\(9\\)")
          .containsPattern("Number of packets:\\s+" + expected.size() + "\n");
      assertThat(Tshark.statistics(ours))
          .containsExactly(end.stats().drops() + "\t" + expected.size());
    }
  }

  @Test
  void pcapngFilesRotatedBySizeAreEachCompleteAndTogetherHoldTcpdumpsPackets() throws Exception {
    long limit = 2000;
    try (NetnsLab lab = NetnsLab.create()) {
      NetnsLab.Host b = lab.b();
      Path reference = dir.resolve("tcpdump.pcap");
      Path rotating = dir.resolve("files").resolve("pod_" + b.iface() + ".pcapng");
      Files.createDirectories(rotating.getParent());
      Tcpdump tcpdump = Tcpdump.start(b, b.iface(), reference, "icmp");
      CaptureEnd end;
      try {
        CaptureSession session =
            capture(
                b,
                "icmp",
                new RotatingFileSink(
                    rotating,
                    CaptureFormat.PCAPNG,
                    Rotation.NONE.withMaxFileBytes(limit),
                    InstantSource.system()));
        // 542-byte frames: three fit in a file of 2000 bytes with its headers and statistics.
        lab.a().run("ping", "-c", "6", "-i", "0.05", "-s", "500", b.ipv4()).orThrow();
        Thread.sleep(200);
        end = session.stop();
      } finally {
        tcpdump.close();
      }

      List<Path> files;
      try (Stream<Path> listing = Files.list(rotating.getParent())) {
        files = listing.sorted().toList();
      }
      assertThat(files).hasSize(4);
      assertThat(files.getLast()).isEqualTo(rotating);
      List<String> records = new ArrayList<>();
      for (Path path : files) {
        PcapNgFile file = PcapNgFile.read(path);
        List<String> layout = file.layout();
        assertThat(layout.subList(0, 2)).containsExactly("SectionHeader", "InterfaceDescription");
        assertThat(layout.subList(2, layout.size() - 1)).hasSize(3).containsOnly("EnhancedPacket");
        assertThat(layout.getLast()).isEqualTo("InterfaceStatistics");
        assertThat(Files.size(path)).isLessThanOrEqualTo(limit);
        assertThat(wiresharkInterfaceNames(path)).containsExactly(b.iface(), b.iface(), b.iface());
        assertThat(capinfos(path)).contains("Number of stat entries = 1");
        records.addAll(file.records());
      }
      List<String> expected = PcapNgFile.records(reference);
      assertThat(expected).hasSize(12);
      assertThat(records).containsExactlyElementsOf(expected);
      assertThat(PcapNgFile.counter(PcapNgFile.read(rotating).statistics(), OptionCode.ISB_OSDROP))
          .isEqualTo(end.stats().drops());
    }
  }
}
