package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.capture.filter.FilterExpression;
import io.kcap.capture.filter.IpProtocol;
import io.kcap.capture.filter.PortRange;
import io.kcap.capture.filter.TrafficFilter;
import io.kcap.capture.filter.TrafficFilterCompiler;
import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import io.kcap.pcap.testing.PcapFile;
import io.kcap.testkit.NetnsLab;
import io.kcap.testkit.Tcpdump;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kcap and tcpdump capture the same veth, inside the same namespace, with the same filter, while
 * real traffic flows between two namespaces: the files must hold the same packets byte for byte.
 */
class TcpdumpEquivalenceTest {
  @TempDir Path dir;

  private CaptureSession kcap(NetnsLab.Host host, String iface, String expression, Path file) {
    CaptureOptions.Builder options = CaptureOptions.on(iface).netns(host.netns());
    if (!expression.isEmpty()) {
      options.filter(CaptureFilter.of(TcpdumpFilter.compile(expression)));
    }
    return CaptureSession.open(
        options.build(),
        new RotatingFileSink(file, CaptureFormat.PCAP, Rotation.NONE, InstantSource.system()),
        InstantSource.system());
  }

  /**
   * A filter for {@link #udpTcpIcmp}'s traffic. Echo only for ICMPv6: router solicitations and MLD
   * reports come at random times.
   */
  static final String UDP_TCP_ICMP =
      "ip or udp or tcp or icmp6[icmp6type] == icmp6-echo or icmp6[icmp6type] == icmp6-echoreply";

  /**
   * From host a to host b: pings over IPv4 and IPv6, {@code tcpBytes} over TCP, and datagrams of 5
   * and 6 bytes over UDP (IPv4 and IPv6).
   */
  static void udpTcpIcmp(NetnsLab lab, int tcpBytes) throws Exception {
    NetnsLab.Host a = lab.a();
    NetnsLab.Host b = lab.b();
    a.run("ping", "-c", "3", "-i", "0.05", b.ipv4()).orThrow();
    Process listener = b.start("ncat", "-l", "--recv-only", "5000");
    Thread.sleep(200);
    a.run("sh", "-c", "head -c " + tcpBytes + " /dev/zero | ncat --send-only " + b.ipv4() + " 5000")
        .orThrow();
    assertThat(listener.waitFor(10, TimeUnit.SECONDS)).isTrue();
    // Nobody listens on 5001: the datagram is answered with ICMP port unreachable.
    a.run("sh", "-c", "echo kcap | ncat -u --send-only " + b.ipv4() + " 5001").orThrow();
    a.run("sh", "-c", "echo kcap6 | ncat -u --send-only " + b.ipv6() + " 5002").orThrow();
    a.run("ping", "-c", "2", "-i", "0.05", b.ipv6()).orThrow();
    Thread.sleep(300);
  }

  @Test
  void recordsTheSamePacketsAsTcpdumpForUdpTcpAndIcmp() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcap");
      String filter = UDP_TCP_ICMP;
      CaptureEnd end;
      Tcpdump tcpdump = Tcpdump.start(lab.b(), lab.b().iface(), reference, filter.split(" "));
      try {
        CaptureSession session = kcap(lab.b(), lab.b().iface(), filter, ours);
        udpTcpIcmp(lab, 400_000);
        end = session.stop();
      } finally {
        tcpdump.close();
      }
      PcapFile expected = PcapFile.read(reference);
      PcapFile actual = PcapFile.read(ours);

      assertThat(end).isInstanceOf(CaptureEnd.Stopped.class);
      assertThat(actual.linkType()).isEqualTo(LinkType.ETHERNET);
      assertThat(actual.nanoseconds()).isTrue();
      assertThat(expected.packets()).hasSizeGreaterThan(20);
      assertSameAsTcpdump(actual.records(), expected.records());
      assertThat(end.stats().packets()).isEqualTo(actual.packets().size());
      assertThat(end.stats().drops()).isZero();
      // veths hand over TCP as GSO packets far above the MTU; a ring block must hold them whole.
      assertThat(actual.packets().stream().mapToInt(Packet::capturedLength).max().orElseThrow())
          .isGreaterThan(1514);
    }
  }

  @Test
  void libpcapsCompilationOfAnExpressionRecordsWhatTcpdumpRecords() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcap");
      String expression = "tcp port 5000 or udp port 5001 or icmp";
      CaptureEnd end;
      Tcpdump tcpdump = Tcpdump.start(lab.b(), lab.b().iface(), reference, expression.split(" "));
      try {
        CaptureSession session =
            CaptureSession.open(
                CaptureOptions.on(lab.b().iface())
                    .netns(lab.b().netns())
                    .filter(
                        (linkType, snap) -> PcapFilterCompiler.compile(expression, linkType, snap))
                    .build(),
                new RotatingFileSink(
                    ours, CaptureFormat.PCAP, Rotation.NONE, InstantSource.system()));
        udpTcpIcmp(lab, 400_000);
        end = session.stop();
      } finally {
        tcpdump.close();
      }
      PcapFile expected = PcapFile.read(reference);
      assertThat(expected.packets()).hasSizeGreaterThan(10);
      assertSameAsTcpdump(PcapFile.read(ours).records(), expected.records());
      assertThat(end.stats().packets()).isEqualTo(expected.packets().size());
    }
  }

  @Test
  void protocolAndPortFiltersRecordWhatTcpdumpRecordsForTheirExpression() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      List<TrafficFilter> filters =
          List.of(
              TrafficFilter.of(IpProtocol.TCP, PortRange.of(4990, 5000)),
              TrafficFilter.of(IpProtocol.UDP, PortRange.of(5002)),
              TrafficFilter.of(IpProtocol.ICMPV6));
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcap");
      Tcpdump tcpdump =
          Tcpdump.start(
              lab.b(), lab.b().iface(), reference, FilterExpression.of(filters).split(" "));
      try {
        CaptureSession session =
            CaptureSession.open(
                CaptureOptions.on(lab.b().iface())
                    .netns(lab.b().netns())
                    .filter(
                        (linkType, snap) -> TrafficFilterCompiler.compile(filters, linkType, snap))
                    .build(),
                new RotatingFileSink(
                    ours, CaptureFormat.PCAP, Rotation.NONE, InstantSource.system()));
        udpTcpIcmp(lab, 400_000);
        session.stop();
      } finally {
        tcpdump.close();
      }
      PcapFile expected = PcapFile.read(reference);
      PcapFile actual = PcapFile.read(ours);
      // TCP to 5000 and the IPv6 UDP datagram to 5002 are in; the IPv4 UDP datagram to 5001 and
      // ICMP echo are out. ICMPv6 also brings neighbour discovery, whenever it happens: compare
      // the packets that are not ICMPv6 exactly, and the ICMPv6 echo packets by count.
      assertThat(expected.packets()).hasSizeGreaterThan(10);
      assertSameAsTcpdump(withoutIcmp6(actual), withoutIcmp6(expected));
      assertThat(echo6(actual)).isEqualTo(echo6(expected)).isEqualTo(4);
    }
  }

  /**
   * kcap recorded tcpdump's packets, and in tcpdump's order in each direction. Across directions
   * the order may differ: a TCP receiver acknowledges from its own CPU while the next segment
   * arrives on the other, and each capture socket is handed the two in whichever order its CPU
   * reaches them.
   */
  private static void assertSameAsTcpdump(List<String> ours, List<String> tcpdumps) {
    assertThat(ours).containsExactlyInAnyOrderElementsOf(tcpdumps);
    assertThat(byDestination(ours)).isEqualTo(byDestination(tcpdumps));
  }

  /** Records by destination MAC address (the first 6 bytes of the frame), each in file order. */
  private static Map<String, List<String>> byDestination(List<String> records) {
    return records.stream()
        .collect(
            Collectors.groupingBy(
                r -> r.substring(r.indexOf(": ") + 2, r.indexOf(": ") + 14),
                TreeMap::new,
                Collectors.toList()));
  }

  private static List<String> withoutIcmp6(PcapFile file) {
    return file.records().stream().filter(r -> !r.contains("86dd6") || !isIcmp6(r)).toList();
  }

  private static boolean isIcmp6(String record) {
    // Ethernet (14) + IPv6 next header at byte 6 of the IPv6 header: hex offset (14 + 6) * 2.
    String hex = record.substring(record.indexOf(": ") + 2);
    return hex.length() > 42 && hex.startsWith("86dd", 24) && hex.startsWith("3a", 40);
  }

  private static long echo6(PcapFile file) {
    return file.records().stream()
        .map(r -> r.substring(r.indexOf(": ") + 2))
        .filter(h -> h.length() > 110 && h.startsWith("86dd", 24) && h.startsWith("3a", 40))
        .filter(h -> h.startsWith("80", 108) || h.startsWith("81", 108))
        .count();
  }

  @Test
  void recordsTheSamePacketsAsTcpdumpWithoutAFilter() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      for (NetnsLab.Host host : java.util.List.of(lab.a(), lab.b())) {
        // IPv6 router solicitations and MLD reports come at random times; without them, all
        // traffic is the test's own and both captures must see the same.
        host.run("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1").orThrow();
      }
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcap");
      Tcpdump tcpdump = Tcpdump.start(lab.b(), lab.b().iface(), reference);
      try {
        CaptureSession session = kcap(lab.b(), lab.b().iface(), "", ours);
        lab.a().run("ping", "-c", "3", "-i", "0.05", lab.b().ipv4()).orThrow();
        lab.a()
            .run("sh", "-c", "echo kcap | ncat -u --send-only " + lab.b().ipv4() + " 5001")
            .orThrow();
        Thread.sleep(300);
        session.stop();
      } finally {
        tcpdump.close();
      }
      PcapFile expected = PcapFile.read(reference);
      assertThat(expected.packets()).hasSizeGreaterThanOrEqualTo(8);
      assertThat(PcapFile.read(ours).records()).containsExactlyElementsOf(expected.records());
    }
  }

  @Test
  void recordsTheSameLoopbackPacketsAsTcpdumpOnceEach() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcap");
      Tcpdump tcpdump = Tcpdump.start(lab.a(), "lo", reference, "icmp");
      try {
        CaptureSession session = kcap(lab.a(), "lo", "icmp", ours);
        lab.a().run("ping", "-c", "4", "-i", "0.05", "127.0.0.1").orThrow();
        Thread.sleep(300);
        session.stop();
      } finally {
        tcpdump.close();
      }
      PcapFile expected = PcapFile.read(reference);
      assertThat(expected.packets()).hasSize(8);
      assertThat(PcapFile.read(ours).records()).containsExactlyElementsOf(expected.records());
    }
  }

  @Test
  void reinsertsVlanTagsAsTcpdumpDoes() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      for (NetnsLab.Host host : java.util.List.of(lab.a(), lab.b())) {
        host.run("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1").orThrow();
      }
      // Tagged frames sent into the veth: on the receiving side the kernel moves the outer tag
      // into the packet's metadata before any capture sees it, as a VLAN-offloading NIC does.
      Path dot1q = dir.resolve("dot1q.cfg");
      Path qinq = dir.resolve("qinq.cfg");
      java.nio.file.Files.writeString(
          dot1q,
          "{ 0xff,0xff,0xff,0xff,0xff,0xff, 0x02,0,0,0,0,0x01, 0x81,0x00, 0xa0,0x65,"
              + " 0x08,0x00, fill(0x42, 46) }\n");
      java.nio.file.Files.writeString(
          qinq,
          "{ 0xff,0xff,0xff,0xff,0xff,0xff, 0x02,0,0,0,0,0x01, 0x88,0xa8, 0x00,0x66,"
              + " 0x81,0x00, 0x00,0x67, 0x08,0x00, fill(0x43, 42) }\n");
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcap");
      Tcpdump tcpdump = Tcpdump.start(lab.b(), lab.b().iface(), reference);
      try {
        CaptureSession session = kcap(lab.b(), lab.b().iface(), "", ours);
        for (Path frame : java.util.List.of(dot1q, qinq, dot1q)) {
          lab.a()
              .run("trafgen", "-i", frame.toString(), "-o", lab.a().iface(), "-n", "1", "-q")
              .orThrow();
        }
        Thread.sleep(300);
        session.stop();
      } finally {
        tcpdump.close();
      }
      PcapFile expected = PcapFile.read(reference);
      PcapFile actual = PcapFile.read(ours);
      assertThat(tagged(expected, 0x8100)).isEqualTo(2);
      assertThat(tagged(expected, 0x88A8)).isEqualTo(1);
      assertThat(actual.records()).containsExactlyElementsOf(expected.records());
    }
  }

  private static long tagged(PcapFile file, int tpid) {
    return file.packets().stream()
        .filter(p -> p.data().length > 14)
        .filter(p -> ((p.data()[12] & 0xFF) << 8 | (p.data()[13] & 0xFF)) == tpid)
        .count();
  }
}
