package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.OptionCode;
import io.kcap.pcap.Packet;
import io.kcap.pcap.testing.PcapFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileSinkTest {
  private static final CaptureInfo INFO = new CaptureInfo("eth0", "", LinkType.ETHERNET, 65535);
  private static final long EPOCH_MILLIS = 1_700_000_000_000L;

  @TempDir Path dir;

  /** A clock the test moves by hand. */
  static final class ManualClock implements InstantSource {
    long millis = EPOCH_MILLIS;

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }

  private final ManualClock clock = new ManualClock();

  private static byte[] payload(int number, int length) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (number * 7 + i);
    }
    return data;
  }

  private static void send(PacketSink sink, int number, int length) throws IOException {
    sink.packet(number * 1_000_000_123L, length + 10, ByteBuffer.wrap(payload(number, length)));
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.sorted().toList();
    }
  }

  private List<Packet> allPacketsInNameOrder() throws IOException {
    List<Packet> all = new ArrayList<>();
    for (Path file : files()) {
      all.addAll(PcapFile.read(file).packets());
    }
    return all;
  }

  @Test
  void withoutRotationEveryPacketGoesToTheOneFile() throws IOException {
    RotatingFileSink sink =
        new RotatingFileSink(
            dir.resolve("pod_cali1.pcap"), CaptureFormat.PCAP, Rotation.NONE, clock);
    sink.start(INFO);
    for (int i = 0; i < 5; i++) {
      send(sink, i, 100);
    }
    sink.flush();
    sink.finish(new CaptureStats(5, 500, 0));

    assertThat(files()).containsExactly(dir.resolve("pod_cali1.pcap"));
    PcapFile file = PcapFile.read(dir.resolve("pod_cali1.pcap"));
    assertThat(file.nanoseconds()).isTrue();
    assertThat(file.snapLength()).isEqualTo(65535);
    assertThat(file.packets()).hasSize(5);
    assertThat(file.packets().get(3).data()).isEqualTo(payload(3, 100));
    assertThat(file.packets().get(3).originalLength()).isEqualTo(110);
    assertThat(file.packets().get(3).timestampNanos()).isEqualTo(3_000_000_369L);
  }

  @Test
  void sizeRotationKeepsEveryPacketOnceAndInOrder() throws IOException {
    // A header and three records of 16 + 100 bytes fit; a fourth record does not.
    long limit = 24 + 3 * 116;
    RotatingFileSink sink =
        new RotatingFileSink(
            dir.resolve("pod_cali1.pcap"),
            CaptureFormat.PCAP,
            Rotation.NONE.withMaxFileBytes(limit),
            clock);
    sink.start(INFO);
    for (int i = 0; i < 10; i++) {
      clock.millis += 1;
      send(sink, i, 100);
    }
    sink.finish(new CaptureStats(10, 1000, 0));

    List<Path> files = files();
    assertThat(files).hasSize(4);
    assertThat(files.getLast()).isEqualTo(dir.resolve("pod_cali1.pcap"));
    assertThat(files.subList(0, 3))
        .allSatisfy(
            f -> assertThat(f.getFileName().toString()).matches("pod_cali1\\.\\d{13}\\.pcap"))
        .allSatisfy(f -> assertThat(Files.size(f)).isEqualTo(limit));
    assertThat(files.getFirst().getFileName().toString())
        .isEqualTo("pod_cali1." + (EPOCH_MILLIS + 4) + ".pcap");
    List<Packet> all = allPacketsInNameOrder();
    assertThat(all).hasSize(10);
    for (int i = 0; i < 10; i++) {
      assertThat(all.get(i).data()).isEqualTo(payload(i, 100));
    }
    assertThat(sink.rotatedFiles()).containsExactlyElementsOf(files.subList(0, 3));
  }

  @Test
  void aPacketLargerThanTheLimitStillGetsAFile() throws IOException {
    RotatingFileSink sink =
        new RotatingFileSink(
            dir.resolve("big.pcap"),
            CaptureFormat.PCAP,
            Rotation.NONE.withMaxFileBytes(100),
            clock);
    sink.start(INFO);
    send(sink, 1, 500);
    clock.millis += 5;
    send(sink, 2, 500);
    sink.finish(CaptureStats.ZERO);

    assertThat(files()).hasSize(2);
    assertThat(allPacketsInNameOrder())
        .extracting(Packet::capturedLength)
        .containsExactly(500, 500);
  }

  @Test
  void timeRotationCountsFromTheFilesFirstPacket() throws IOException {
    RotatingFileSink sink =
        new RotatingFileSink(
            dir.resolve("pod_eth0.pcap"),
            CaptureFormat.PCAP,
            Rotation.NONE.withInterval(Duration.ofSeconds(60)),
            clock);
    sink.start(INFO);
    clock.millis += 100_000; // idle time before the first packet does not count
    sink.flush();
    send(sink, 1, 60);
    clock.millis += 59_999;
    sink.flush();
    assertThat(files()).hasSize(1);

    clock.millis += 1;
    sink.flush();
    send(sink, 2, 60);
    sink.finish(CaptureStats.ZERO);

    assertThat(files())
        .extracting(f -> f.getFileName().toString())
        .containsExactly("pod_eth0." + (EPOCH_MILLIS + 160_000) + ".pcap", "pod_eth0.pcap");
    assertThat(PcapFile.read(dir.resolve("pod_eth0.pcap")).packets()).hasSize(1);
  }

  @Test
  void anIdleFileIsNotRotatedByTime() throws IOException {
    RotatingFileSink sink =
        new RotatingFileSink(
            dir.resolve("quiet.pcap"),
            CaptureFormat.PCAP,
            Rotation.NONE.withInterval(Duration.ofSeconds(1)),
            clock);
    sink.start(INFO);
    for (int i = 0; i < 5; i++) {
      clock.millis += 10_000;
      sink.flush();
    }
    sink.finish(CaptureStats.ZERO);
    assertThat(files()).containsExactly(dir.resolve("quiet.pcap"));
  }

  @Test
  void onlyTheNewestRotatedFilesAreKept() throws IOException {
    RotatingFileSink sink =
        new RotatingFileSink(
            dir.resolve("s.pcap"),
            CaptureFormat.PCAP,
            Rotation.NONE.withMaxFileBytes(24 + 116).withMaxRotatedFiles(2),
            clock);
    sink.start(INFO);
    for (int i = 0; i < 6; i++) {
      clock.millis += 1000;
      send(sink, i, 100);
    }
    sink.finish(CaptureStats.ZERO);

    assertThat(files())
        .extracting(f -> f.getFileName().toString())
        .containsExactly(
            "s." + (EPOCH_MILLIS + 5000) + ".pcap",
            "s." + (EPOCH_MILLIS + 6000) + ".pcap",
            "s.pcap");
    assertThat(allPacketsInNameOrder())
        .extracting(p -> p.data()[0])
        .containsExactly(payload(3, 1)[0], payload(4, 1)[0], payload(5, 1)[0]);
  }

  @Test
  void rotationsInTheSameMillisecondTakeTheNextFreeIndex() throws IOException {
    RotatingFileSink sink =
        new RotatingFileSink(
            dir.resolve("s.pcap"), CaptureFormat.PCAP, Rotation.NONE.withMaxFileBytes(100), clock);
    sink.start(INFO);
    for (int i = 0; i < 4; i++) {
      send(sink, i, 100);
    }
    sink.finish(CaptureStats.ZERO);

    assertThat(files())
        .extracting(f -> f.getFileName().toString())
        .containsExactly(
            "s." + EPOCH_MILLIS + ".pcap",
            "s." + (EPOCH_MILLIS + 1) + ".pcap",
            "s." + (EPOCH_MILLIS + 2) + ".pcap",
            "s.pcap");
    assertThat(allPacketsInNameOrder()).hasSize(4);
  }

  @Test
  void rotatedFilesOfAnEarlierRunCountTowardsTheCap() throws IOException {
    Files.writeString(dir.resolve("s." + (EPOCH_MILLIS - 2000) + ".pcap"), "old");
    Files.writeString(dir.resolve("s." + (EPOCH_MILLIS - 1000) + ".pcap"), "old");
    Files.writeString(dir.resolve("other." + (EPOCH_MILLIS - 3000) + ".pcap"), "another stream");
    RotatingFileSink sink =
        new RotatingFileSink(
            dir.resolve("s.pcap"),
            CaptureFormat.PCAP,
            Rotation.NONE.withMaxFileBytes(100).withMaxRotatedFiles(2),
            clock);
    sink.start(INFO);
    send(sink, 1, 100);
    send(sink, 2, 100);
    sink.finish(CaptureStats.ZERO);

    assertThat(files())
        .extracting(f -> f.getFileName().toString())
        .containsExactly(
            "other." + (EPOCH_MILLIS - 3000) + ".pcap",
            "s." + (EPOCH_MILLIS - 1000) + ".pcap",
            "s." + EPOCH_MILLIS + ".pcap",
            "s.pcap");
  }

  @Test
  void aNameWithoutExtensionKeepsItsBase() throws IOException {
    RotatingFileSink sink =
        new RotatingFileSink(
            dir.resolve("capture"), CaptureFormat.PCAP, Rotation.NONE.withMaxFileBytes(100), clock);
    sink.start(INFO);
    send(sink, 1, 100);
    send(sink, 2, 100);
    sink.finish(CaptureStats.ZERO);
    assertThat(files())
        .extracting(f -> f.getFileName().toString())
        .containsExactly("capture", "capture." + EPOCH_MILLIS);
  }

  @Test
  void pcapngFilesRotatedBySizeAreEachWholeWithinTheLimitAndEndWithTheDropsSoFar()
      throws IOException {
    long limit = 520;
    RotatingFileSink sink =
        new RotatingFileSink(
            dir.resolve("pod_cali1.pcapng"),
            CaptureFormat.PCAPNG,
            Rotation.NONE.withMaxFileBytes(limit),
            clock);
    sink.start(INFO);
    int[] lengths = {100, 101, 102, 103, 60, 61, 300, 62, 63, 100};
    for (int i = 0; i < lengths.length; i++) {
      clock.millis += 1;
      // The capture thread reports the kernel's growing drop count between ring blocks.
      sink.counters(new CaptureStats(i, 0, i * 2L));
      send(sink, i, lengths[i]);
    }
    sink.finish(new CaptureStats(lengths.length, 0, 99));

    List<Path> files = files();
    assertThat(files).hasSizeGreaterThan(2);
    assertThat(files.getLast()).isEqualTo(dir.resolve("pod_cali1.pcapng"));
    List<String> written = new ArrayList<>();
    long delivered = 0;
    for (int f = 0; f < files.size(); f++) {
      Path path = files.get(f);
      PcapNgFile file = PcapNgFile.read(path);
      List<String> layout = file.layout();
      assertThat(layout.subList(0, 2)).containsExactly("SectionHeader", "InterfaceDescription");
      assertThat(layout.subList(2, layout.size() - 1)).isNotEmpty().containsOnly("EnhancedPacket");
      assertThat(layout.getLast()).isEqualTo("InterfaceStatistics");
      assertThat(file.interfaces().getFirst().name()).isEqualTo("eth0");
      assertThat(Files.size(path)).isLessThanOrEqualTo(limit);
      delivered += file.packets().size();
      // Counted from the capture's start: the packets of this file and all before it.
      assertThat(PcapNgFile.counter(file.statistics(), OptionCode.ISB_USRDELIV))
          .isEqualTo(delivered);
      if (f < files.size() - 1) {
        // Rotated just before the next packet: the drops as last reported before it.
        long next = delivered;
        assertThat(PcapNgFile.counter(file.statistics(), OptionCode.ISB_OSDROP))
            .isEqualTo(next * 2);
        // The limit is used up: the next packet's block would not have fit.
        assertThat(Files.size(path) + 32 + ((lengths[(int) next] + 3) & ~3)).isGreaterThan(limit);
      } else {
        assertThat(PcapNgFile.counter(file.statistics(), OptionCode.ISB_OSDROP)).isEqualTo(99);
      }
      assertThat(PcapNgFile.timestamp(file.statistics(), OptionCode.ISB_STARTTIME))
          .isEqualTo(EPOCH_MILLIS * 1_000_000);
      written.addAll(file.records());
    }
    assertThat(delivered).isEqualTo(lengths.length);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      sent.add((lengths[i] + 10) + ": " + HexFormat.of().formatHex(payload(i, lengths[i])));
    }
    assertThat(written).containsExactlyElementsOf(sent);
    assertThat(sink.rotatedFiles()).containsExactlyElementsOf(files.subList(0, files.size() - 1));
  }
}
