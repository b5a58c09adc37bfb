package io.kcap.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.testkit.SampleCaptures;
import io.kcap.testkit.Tool;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kcap agrees with tcpdump, capinfos, editcap and mergecap on captures of real traffic made by the
 * test itself (see {@link SampleCaptures}) and on converted and rewritten variants of them.
 */
class ToolAgreementTest {
  @TempDir static Path dir;
  static SampleCaptures samples;
  static Path bigEndian;
  static Path twoSections;
  static Path everyBlock;

  @BeforeAll
  static void prepare() throws IOException {
    samples = SampleCaptures.get();
    bigEndian = dir.resolve("big-endian-ns.pcap");
    rewrite(samples.nanosecond(), bigEndian, ByteOrder.BIG_ENDIAN);
    twoSections = dir.resolve("two-sections.pcapng");
    Files.write(
        twoSections,
        concat(
            Files.readAllBytes(samples.pcapng()), Files.readAllBytes(samples.nanosecondPcapng())));
    everyBlock = dir.resolve("every-block.pcapng");
    Files.write(everyBlock, PcapNgReaderTest.everyBlock().toByteArray());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** Writes a pcap file again in another byte order, record fields unchanged. */
  private static void rewrite(Path source, Path target, ByteOrder order) throws IOException {
    try (PcapReader reader = (PcapReader) CaptureReader.open(source)) {
      PcapHeader h = reader.header();
      PcapHeader swapped =
          new PcapHeader(
              order,
              h.precision(),
              h.versionMajor(),
              h.versionMinor(),
              h.thisZone(),
              h.sigFigs(),
              h.snapLength(),
              h.linkType(),
              h.linkTypeFlags());
      try (PcapWriter writer = new PcapWriter(Tools.create(target), swapped)) {
        while (reader.next()) {
          writer.writeRecord(
              (int) reader.timestampSeconds(),
              (int) reader.timestampFraction(),
              (int) reader.originalLength(),
              reader.buffer(),
              reader.dataOffset(),
              reader.capturedLength());
        }
      }
    }
  }

  private List<Path> everyFile() {
    return List.of(
        samples.ethernet(),
        samples.any(),
        samples.pcapng(),
        samples.nanosecond(),
        samples.nanosecondPcapng(),
        bigEndian,
        twoSections,
        everyBlock);
  }

  @Test
  void countsPacketsAndTheirTimeSpanAsCapinfosDoes() throws IOException {
    for (Path file : everyFile()) {
      Tools.Capinfos reference = Tools.capinfos(file);
      CaptureSummary summary = Tools.summary(file);
      assertThat(summary.packets()).as("packets of %s", file).isEqualTo(reference.packets());
      assertThat(summary.earliest().map(ToolAgreementTest::nanos).orElse(null))
          .as("earliest of %s", file)
          .isEqualTo(reference.earliestNanos());
      assertThat(summary.latest().map(ToolAgreementTest::nanos).orElse(null))
          .as("latest of %s", file)
          .isEqualTo(reference.latestNanos());
    }
    assertThat(Tools.summary(samples.ethernet()).packets()).isGreaterThan(30);
    assertThat(Tools.summary(twoSections).sections()).isEqualTo(2);
    assertThat(Tools.summary(bigEndian).byteOrders()).containsExactly(ByteOrder.BIG_ENDIAN);
    assertThat(Tools.summary(samples.any()).linkTypes()).containsExactly(LinkType.LINUX_SLL2);
  }

  private static Long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  @Test
  void copiesPcapByteForByteAsTcpdumpDoes() throws IOException {
    for (Path file : List.of(samples.ethernet(), samples.any(), samples.nanosecond(), bigEndian)) {
      for (boolean nano : List.of(false, true)) {
        Path reference = dir.resolve("tcpdump.pcap");
        Path ours = dir.resolve("kcap.pcap");
        List<String> command = new ArrayList<>(List.of("tcpdump"));
        if (nano) {
          command.add("--nano");
        }
        command.addAll(List.of("-r", file.toString(), "-w", reference.toString()));
        Tool.run(command).orThrow();
        try (CaptureReader reader = CaptureReader.open(file)) {
          CaptureFilter.builder().nanosecondPcap(nano).build().run(reader, Tools.create(ours));
        }
        assertThat(Files.readAllBytes(ours))
            .as("%s with nanoseconds %s", file, nano)
            .isEqualTo(Files.readAllBytes(reference));
      }
    }
  }

  @Test
  void copiesPcapngWithEveryBlockAndSectionUnchanged() throws IOException {
    for (Path file : List.of(samples.pcapng(), samples.nanosecondPcapng(), twoSections)) {
      Path ours = dir.resolve("copy.pcapng");
      try (CaptureReader reader = CaptureReader.open(file)) {
        CaptureFilter.Result result =
            CaptureFilter.builder().build().run(reader, Tools.create(ours));
        assertThat(result.format()).isEqualTo(CaptureFormat.PCAPNG);
      }
      assertThat(Files.readAllBytes(ours)).as("%s", file).isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void convertsBetweenPcapAndPcapngWithoutChangingAPacket() throws IOException {
    Path toPcapng = dir.resolve("converted.pcapng");
    try (CaptureReader reader = CaptureReader.open(samples.ethernet())) {
      CaptureFilter.builder()
          .format(CaptureFormat.PCAPNG)
          .build()
          .run(reader, Tools.create(toPcapng));
    }
    assertThat(Tools.tcpdumpText(toPcapng)).isEqualTo(Tools.tcpdumpText(samples.ethernet()));
    assertThat(Tools.capinfos(toPcapng)).isEqualTo(Tools.capinfos(samples.ethernet()));

    Path nanoPcapng = dir.resolve("converted-ns.pcapng");
    try (CaptureReader reader = CaptureReader.open(samples.nanosecond())) {
      CaptureFilter.builder()
          .format(CaptureFormat.PCAPNG)
          .build()
          .run(reader, Tools.create(nanoPcapng));
    }
    assertThat(Tools.capinfos(nanoPcapng)).isEqualTo(Tools.capinfos(samples.nanosecond()));

    Path toPcap = dir.resolve("converted.pcap");
    try (CaptureReader reader = CaptureReader.open(samples.nanosecondPcapng())) {
      CaptureFilter.builder()
          .format(CaptureFormat.PCAP)
          .nanosecondPcap(true)
          .build()
          .run(reader, Tools.create(toPcap));
    }
    assertThat(Files.readAllBytes(toPcap)).isEqualTo(Files.readAllBytes(samples.nanosecond()));
  }

  @Test
  void refusesToWritePcapngOfSeveralLinkTypesAsPcap() throws IOException {
    Path mixed = dir.resolve("mixed.pcapng");
    Tool.output(
        "mergecap",
        "-w",
        mixed.toString(),
        samples.ethernet().toString(),
        samples.any().toString());
    try (CaptureReader reader = CaptureReader.open(mixed)) {
      assertThatThrownBy(
              () ->
                  CaptureFilter.builder()
                      .format(CaptureFormat.PCAP)
                      .build()
                      .run(reader, Tools.create(dir.resolve("never.pcap"))))
          .isInstanceOf(PcapFormatException.class)
          .hasMessageContaining("a pcap file holds one link type");
    }
  }

  @Test
  void keepsTheSamePacketsInATimeWindowAsEditcap() throws IOException {
    List<Long> stamps = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(samples.ethernet())) {
      while (reader.next()) {
        stamps.add(reader.timestampNanos());
      }
    }
    // Bounds halfway between packets, so that neither tool has to decide a tie.
    int from = stamps.size() / 4;
    int to = stamps.size() * 3 / 4;
    Instant start = instant((stamps.get(from - 1) + stamps.get(from)) / 2);
    Instant end = instant((stamps.get(to - 1) + stamps.get(to)) / 2);
    Path ours = dir.resolve("window.pcap");
    try (CaptureReader reader = CaptureReader.open(samples.ethernet())) {
      CaptureFilter.Result result =
          CaptureFilter.builder().window(start, end).build().run(reader, Tools.create(ours));
      assertThat(result.packetsWritten()).isEqualTo(to - from);
    }
    Path reference = dir.resolve("editcap.pcap");
    Tool.output(
        "editcap",
        "-F",
        "pcap",
        "-A",
        start.toString(),
        "-B",
        end.toString(),
        samples.ethernet().toString(),
        reference.toString());
    assertThat(Tools.tcpdumpText(ours)).isEqualTo(Tools.tcpdumpText(reference));
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(0, nanos);
  }

  @Test
  void mergesInTheSameOrderAsMergecap() throws IOException {
    Path shifted = dir.resolve("shifted.pcap");
    Tool.output("editcap", "-t", "0.0003", samples.ethernet().toString(), shifted.toString());
    Path earlier = dir.resolve("earlier-ns.pcap");
    Tool.output("editcap", "-t", "-0.0002", samples.nanosecond().toString(), earlier.toString());
    // The same file twice gives a tie at every packet: argument order decides.
    List<Path> inputs =
        List.of(samples.ethernet(), shifted, earlier, samples.pcapng(), samples.ethernet());
    Path reference = dir.resolve("mergecap.pcap");
    List<String> command =
        new ArrayList<>(List.of("mergecap", "-F", "pcap", "-w", reference.toString()));
    inputs.forEach(p -> command.add(p.toString()));
    Tool.run(command).orThrow();
    Path ours = dir.resolve("merged.pcap");
    CaptureMerger.Result result = merge(inputs, ours, null);
    assertThat(result.format()).isEqualTo(CaptureFormat.PCAP);
    assertThat(result.packets()).isEqualTo(5L * Tools.summary(samples.ethernet()).packets());
    assertThat(Tools.summary(ours).interfaces().getFirst().resolution())
        .isEqualTo(TimestampResolution.NANOSECONDS);
    assertThat(Tools.tcpdumpText(ours)).isEqualTo(Tools.tcpdumpText(reference));
  }

  @Test
  void mergesSeveralLinkTypesIntoPcapngWithInterfacesRemapped() throws IOException {
    List<Path> inputs = List.of(samples.any(), samples.ethernet(), twoSections);
    Path reference = dir.resolve("mergecap.pcapng");
    List<String> command = new ArrayList<>(List.of("mergecap", "-w", reference.toString()));
    inputs.forEach(p -> command.add(p.toString()));
    Tool.run(command).orThrow();
    Path ours = dir.resolve("merged.pcapng");
    CaptureMerger.Result result = merge(inputs, ours, null);
    assertThat(result.format()).isEqualTo(CaptureFormat.PCAPNG);
    assertThat(result.interfaces()).isEqualTo(4);
    List<String> fields =
        List.of(
            "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.protocols");
    assertThat(tshark(ours, fields)).isEqualTo(tshark(reference, fields));
    assertThat(Tools.summary(ours).linkTypes())
        .containsExactly(LinkType.LINUX_SLL2, LinkType.ETHERNET);
    assertThatThrownBy(() -> merge(inputs, dir.resolve("never.pcap"), CaptureFormat.PCAP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a pcap file holds one link type but the inputs have [LINUX_SLL2, EN10MB]; merge to"
                + " pcapng instead");
  }

  private static List<String> tshark(Path file, List<String> fields) {
    List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString()));
    command.addAll(fields);
    return Tool.output(command.toArray(String[]::new)).lines().toList();
  }

  private static CaptureMerger.Result merge(List<Path> inputs, Path output, CaptureFormat format)
      throws IOException {
    List<CaptureMerger.Input> readers = new ArrayList<>();
    try {
      for (Path input : inputs) {
        readers.add(new CaptureMerger.Input(input.toString(), CaptureReader.open(input)));
      }
      CaptureMerger.Builder builder = CaptureMerger.builder();
      if (format != null) {
        builder.format(format);
      }
      return builder.build().merge(readers, Tools.create(output));
    } finally {
      for (CaptureMerger.Input input : readers) {
        input.reader().close();
      }
    }
  }
}
