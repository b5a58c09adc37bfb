package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.pcap.Packet;
import io.kcap.pcap.bpf.BpfInstruction;
import io.kcap.pcap.bpf.BpfProgram;
import io.kcap.pcap.testing.PcapFile;
import io.kcap.testkit.NetnsLab;
import io.kcap.testkit.Tcpdump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live captures on a veth between two test namespaces: stop, limits, errors, namespaces. */
class CaptureSessionTest {
  @TempDir Path dir;

  private static CaptureOptions.Builder onB(NetnsLab lab) {
    return CaptureOptions.on(lab.b().iface()).netns(lab.b().netns());
  }

  /** ICMP on B, with a block timeout of 10 ms. */
  private static CaptureOptions icmpInShortBlocks(NetnsLab lab) {
    return onB(lab)
        .filter(CaptureFilter.of(TcpdumpFilter.compile("icmp")))
        .blockTimeout(Duration.ofMillis(10))
        .build();
  }

  /** Waits up to 3 s for the capture to have counted {@code packets}. */
  private static void awaitPackets(CaptureSession session, long packets)
      throws InterruptedException {
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (session.stats().packets() < packets && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  @Test
  void aCaptureStoppedRightAfterTheTrafficHoldsEveryPacket() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      ListSink sink = new ListSink();
      // With a 10 s block timeout the kernel keeps the partly filled block to itself for the
      // whole test: the packets are only there if stop reads that block.
      CaptureSession session =
          CaptureSession.open(
              onB(lab)
                  .filter(CaptureFilter.of(TcpdumpFilter.compile("icmp")))
                  .blockTimeout(Duration.ofSeconds(10))
                  .build(),
              sink);
      lab.a().run("ping", "-f", "-c", "200", lab.b().ipv4()).orThrow();
      long before = System.nanoTime();
      CaptureEnd end = session.stop();
      long stopMillis = (System.nanoTime() - before) / 1_000_000;

      assertThat(end).isInstanceOf(CaptureEnd.Stopped.class);
      assertThat(sink.snapshot()).hasSize(400);
      assertThat(end.stats().packets()).isEqualTo(400);
      assertThat(stopMillis).isLessThan(2000);
      assertThat(sink.calls).containsExactly("start", "finish");
      assertThat(sink.finished).isEqualTo(end.stats());
    }
  }

  @Test
  void noPacketOutsideTheFilterSlipsInWhileTheCaptureOpens() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      // ICMP floods the veth while captures for UDP only open and close: a socket that saw
      // traffic before its filter was attached would record some of it. The flood is bounded by
      // time, not by a count: 100,000 pings sometimes ended within the 1.5 s of the test, before
      // the last capture had opened.
      Process flood = lab.a().start("ping", "-f", "-w", "20", lab.b().ipv4());
      try {
        Thread.sleep(200);
        long captured = 0;
        for (int i = 0; i < 10; i++) {
          ListSink sink = new ListSink();
          CaptureSession session =
              CaptureSession.open(
                  onB(lab).filter(CaptureFilter.of(TcpdumpFilter.compile("udp"))).build(), sink);
          Thread.sleep(20);
          captured += session.stop().stats().packets() + sink.snapshot().size();
        }
        assertThat(flood.isAlive()).as("the flood lasted through every capture").isTrue();
        assertThat(captured).isZero();
      } finally {
        flood.destroy();
        flood.waitFor();
      }
    }
  }

  @Test
  void aPacketLimitEndsTheCaptureAfterExactlyThatMany() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      ListSink sink = new ListSink();
      CaptureSession session =
          CaptureSession.open(
              onB(lab)
                  .filter(CaptureFilter.of(TcpdumpFilter.compile("icmp")))
                  .limits(CaptureLimits.NONE.withMaxPackets(5))
                  .build(),
              sink);
      lab.a().run("ping", "-c", "6", "-i", "0.02", lab.b().ipv4()).orThrow();
      CaptureEnd end = session.await(Duration.ofSeconds(5)).orElseThrow();

      assertThat(end).isEqualTo(new CaptureEnd.LimitReached(CaptureEnd.Limit.PACKETS, end.stats()));
      assertThat(end.stats().packets()).isEqualTo(5);
      assertThat(sink.snapshot()).hasSize(5);
      assertThat(sink.calls).containsExactly("start", "finish");
    }
  }

  @Test
  void aByteLimitKeepsTheFilesUnderIt() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      ListSink sink = new ListSink();
      // An ICMP echo frame is 98 bytes: three fit in 300, the fourth would not.
      CaptureSession session =
          CaptureSession.open(
              onB(lab)
                  .filter(CaptureFilter.of(TcpdumpFilter.compile("icmp")))
                  .limits(CaptureLimits.NONE.withMaxBytes(300))
                  .build(),
              sink);
      lab.a().run("ping", "-c", "2", "-i", "0.02", lab.b().ipv4()).orThrow();
      CaptureEnd end = session.await(Duration.ofSeconds(5)).orElseThrow();

      assertThat(end).isInstanceOf(CaptureEnd.LimitReached.class);
      assertThat(((CaptureEnd.LimitReached) end).limit()).isEqualTo(CaptureEnd.Limit.BYTES);
      assertThat(sink.snapshot()).hasSize(3);
      assertThat(end.stats().bytes()).isEqualTo(294);
    }
  }

  @Test
  void aDurationLimitEndsTheCaptureOnTime() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      long before = System.nanoTime();
      CaptureSession session =
          CaptureSession.open(
              onB(lab).limits(CaptureLimits.NONE.withMaxDuration(Duration.ofMillis(300))).build(),
              new ListSink());
      CaptureEnd end = session.await(Duration.ofSeconds(5)).orElseThrow();
      long tookMillis = (System.nanoTime() - before) / 1_000_000;

      assertThat(end)
          .isEqualTo(new CaptureEnd.LimitReached(CaptureEnd.Limit.DURATION, end.stats()));
      assertThat(tookMillis).isBetween(250L, 2000L);
    }
  }

  @Test
  void theSnapLengthCutsPacketsAsTcpdumpDoes() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcap");
      Tcpdump tcpdump = Tcpdump.start(lab.b(), lab.b().iface(), reference, "-s", "64", "icmp");
      try {
        CaptureSession session =
            CaptureSession.open(
                onB(lab)
                    .snapLength(64)
                    .filter(CaptureFilter.of(TcpdumpFilter.compile(64, "icmp")))
                    .build(),
                new RotatingFileSink(
                    ours, CaptureFormat.PCAP, Rotation.NONE, InstantSource.system()));
        lab.a().run("ping", "-c", "3", "-i", "0.02", "-s", "500", lab.b().ipv4()).orThrow();
        Thread.sleep(200);
        session.stop();
      } finally {
        tcpdump.close();
      }
      PcapFile actual = PcapFile.read(ours);
      assertThat(actual.snapLength()).isEqualTo(64);
      assertThat(actual.packets()).hasSize(6);
      assertThat(actual.packets()).allSatisfy(p -> assertThat(p.capturedLength()).isEqualTo(64));
      assertThat(actual.packets()).allSatisfy(p -> assertThat(p.originalLength()).isEqualTo(542));
      assertThat(actual.records()).containsExactlyElementsOf(PcapFile.read(reference).records());
    }
  }

  @Test
  void theSnapLengthAppliesWithoutAFilterToo() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      ListSink sink = new ListSink();
      CaptureSession session = CaptureSession.open(onB(lab).snapLength(40).build(), sink);
      lab.a().run("ping", "-c", "2", "-i", "0.02", lab.b().ipv4()).orThrow();
      session.stop();
      assertThat(sink.snapshot()).isNotEmpty();
      assertThat(sink.snapshot())
          .allSatisfy(p -> assertThat(p.capturedLength()).isLessThanOrEqualTo(40));
      assertThat(sink.info.snapLength()).isEqualTo(40);
    }
  }

  @Test
  void packetsCarryNanosecondTimestampsFromNow() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      ListSink sink = new ListSink();
      long before = System.currentTimeMillis() * 1_000_000L;
      CaptureSession session =
          CaptureSession.open(
              onB(lab).filter(CaptureFilter.of(TcpdumpFilter.compile("icmp"))).build(), sink);
      lab.a().run("ping", "-c", "3", "-i", "0.02", lab.b().ipv4()).orThrow();
      session.stop();
      long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
      List<Long> stamps = sink.snapshot().stream().map(Packet::timestampNanos).toList();
      assertThat(stamps)
          .hasSize(6)
          .isSorted()
          .allSatisfy(t -> assertThat(t).isBetween(before, after));
      assertThat(stamps).anySatisfy(t -> assertThat(t % 1000).isNotZero());
    }
  }

  @Test
  void statsCountWhileTheCaptureRuns() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      try (CaptureSession session = CaptureSession.open(icmpInShortBlocks(lab), new ListSink())) {
        lab.a().run("ping", "-c", "2", "-i", "0.02", lab.b().ipv4()).orThrow();
        awaitPackets(session, 4);
        assertThat(session.stats()).isEqualTo(new CaptureStats(4, 4 * 98, 0));
        assertThat(session.end()).isEmpty();
      }
    }
  }

  @Test
  void aFloodThatFillsBlockAfterBlockIsRecordedWhole() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      // 200,000 frames of 60 bytes fill blocks of 2 MiB back to back: the reader keeps up and
      // waits for the next block on the clock instead of polling (RingReader.floodWaitNanos).
      // When the flood ends, the last block is handed over on its 50 ms timeout, and the reader
      // must be polling again to see it. The 32 MiB ring holds the whole flood, so nothing may
      // be dropped even by a reader that is still interpreted.
      Path frame = dir.resolve("flood.cfg");
      Files.writeString(
          frame,
          "{ 0xff,0xff,0xff,0xff,0xff,0xff, 0x02,0,0,0,0,0x01, 0x88,0xb5, fill(0x42, 46) }\n");
      int frames = 200_000;
      try (CaptureSession session =
          CaptureSession.open(
              onB(lab)
                  .filter(CaptureFilter.of(TcpdumpFilter.compile("ether proto 0x88b5")))
                  .ringSize(32L << 20)
                  .blockTimeout(Duration.ofMillis(50))
                  .build(),
              new ListSink())) {
        lab.a()
            .run(
                "trafgen",
                "--cpus",
                "1",
                "-i",
                frame.toString(),
                "-o",
                lab.a().iface(),
                "-n",
                Integer.toString(frames),
                "-q")
            .orThrow();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (session.stats().packets() < frames && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(session.stats()).isEqualTo(new CaptureStats(frames, frames * 60L, 0));
      }
    }
  }

  @Test
  void packetsReachTheFileAsSoonAsTheTrafficPauses() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      // Four pings 50 ms apart come in several blocks (10 ms block timeout), closer together than
      // the quarter second between flushes while blocks keep coming: the last ones reach the file
      // only through the flush when the traffic pauses, not a second later at the idle tick.
      Path file = dir.resolve("pause.pcap");
      try (CaptureSession session =
          CaptureSession.open(
              icmpInShortBlocks(lab),
              new RotatingFileSink(
                  file, CaptureFormat.PCAP, Rotation.NONE, InstantSource.system()))) {
        lab.a().run("ping", "-c", "4", "-i", "0.05", lab.b().ipv4()).orThrow();
        awaitPackets(session, 8);
        assertThat(session.stats().packets()).isEqualTo(8);
        long counted = System.nanoTime();
        while (packetsIn(file) < 8 && System.nanoTime() - counted < 200_000_000L) {
          Thread.sleep(5);
        }
        assertThat(packetsIn(file)).isEqualTo(8);
      }
    }
  }

  /** Packets in a capture file being written: none until its header is flushed. */
  private static int packetsIn(Path file) throws IOException {
    return Files.size(file) < 24 ? 0 : PcapFile.read(file).packets().size();
  }

  @Test
  void theCallingThreadStaysInItsNamespace() throws Exception {
    Path self = Path.of("/proc/thread-self/ns/net");
    Path before = Files.readSymbolicLink(self);
    try (NetnsLab lab = NetnsLab.create()) {
      try (CaptureSession session = CaptureSession.open(onB(lab).build(), new ListSink())) {
        assertThat(Files.readSymbolicLink(self)).isEqualTo(before);
        assertThat(session.info().interfaceName()).isEqualTo(lab.b().iface());
      }
    }
  }

  @Test
  void deletingTheInterfaceEndsTheCapture() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      ListSink sink = new ListSink();
      CaptureSession session = CaptureSession.open(onB(lab).build(), sink);
      lab.b().run("ip", "link", "del", lab.b().iface()).orThrow();
      CaptureEnd end = session.await(Duration.ofSeconds(5)).orElseThrow();
      assertThat(end).isInstanceOf(CaptureEnd.InterfaceGone.class);
      assertThat(sink.calls).containsExactly("start", "finish");
    }
  }

  @Test
  void anUnknownInterfaceIsReportedByName() {
    assertThatThrownBy(
            () -> CaptureSession.open(CaptureOptions.on("kcapnone0").build(), new ListSink()))
        .isInstanceOf(CaptureException.class)
        .hasMessage("no such interface: kcapnone0");
  }

  @Test
  void anUnknownNamespaceIsReportedByName() {
    assertThatThrownBy(
            () ->
                CaptureSession.open(
                    CaptureOptions.on("eth0").netns("kcap-none-404").build(), new ListSink()))
        .isInstanceOf(CaptureException.class)
        .hasMessage("no network namespace named kcap-none-404 (/var/run/netns/kcap-none-404)");
  }

  @Test
  void aFilterTheKernelRejectsIsReported() throws Exception {
    // Jumps past the end of the program: the kernel's checker refuses it.
    BpfProgram broken = new BpfProgram(List.of(new BpfInstruction(0x05, 0, 0, 7)));
    try (NetnsLab lab = NetnsLab.create()) {
      ListSink sink = new ListSink();
      assertThatThrownBy(
              () -> CaptureSession.open(onB(lab).filter(CaptureFilter.of(broken)).build(), sink))
          .isInstanceOf(CaptureException.class)
          .hasMessageStartingWith("the kernel refused the capture filter on " + lab.b().iface())
          .hasMessageContaining("Invalid argument");
      assertThat(sink.calls).isEmpty();
    }
  }
}
