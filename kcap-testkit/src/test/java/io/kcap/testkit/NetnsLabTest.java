package io.kcap.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetnsLabTest {

  @Test
  void hostsReachEachOtherOverIpv4AndIpv6AndTcpdumpSeesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lab.pcap");
    String netns;
    try (NetnsLab lab = NetnsLab.create()) {
      netns = lab.a().netns();
      Tcpdump tcpdump = Tcpdump.start(lab.b(), lab.b().iface(), file, "icmp or icmp6");
      try {
        assertThat(lab.a().run("ping", "-c", "2", "-i", "0.2", lab.b().ipv4()).exitCode()).isZero();
        assertThat(lab.a().run("ping", "-6", "-c", "2", "-i", "0.2", lab.b().ipv6()).exitCode())
            .isZero();
      } finally {
        tcpdump.close();
      }
    }
    assertThat(Tool.output("ip", "netns", "list")).doesNotContain(netns);
    String packets = Tool.output("tcpdump", "-n", "-r", file.toString());
    assertThat(packets.lines().filter(l -> l.contains("ICMP echo request"))).hasSize(2);
    assertThat(packets.lines().filter(l -> l.contains("ICMP6, echo request"))).hasSize(2);
    assertThat(Files.size(file)).isGreaterThan(24);
  }
}
