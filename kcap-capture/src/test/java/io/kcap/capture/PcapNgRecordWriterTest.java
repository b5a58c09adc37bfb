package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.capture.internal.DirectFile;
import io.kcap.capture.internal.RecordOutput;
import io.kcap.pcap.Block;
import io.kcap.pcap.LinkType;
import io.kcap.pcap.OptionCode;
import io.kcap.pcap.TimestampResolution;
import io.kcap.testkit.Tool;
import io.kcap.testkit.Tshark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapNgRecordWriterTest {
  private static final long START = 1_700_000_000_123_456_789L;
  private static final CaptureInfo INFO =
      new CaptureInfo("cali1234", "pod shop/web-1", LinkType.ETHERNET, 9000);

  @TempDir Path dir;

  /** One record, its time given in nanoseconds since the Unix epoch. */
  private static void write(
      RecordWriter writer, long timestampNanos, int originalLength, ByteBuffer data)
      throws IOException {
    writer.packet(
        timestampNanos / 1_000_000_000L,
        (int) (timestampNanos % 1_000_000_000L),
        originalLength,
        data,
        data.position(),
        data.remaining());
  }

  private static ByteBuffer packet(int number, int length) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (number * 31 + i);
    }
    return ByteBuffer.wrap(data);
  }

  @Test
  void aCompletedFileIsOneSectionAsLargeAsSizeWithForetold() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter writer =
        RecordWriter.open(
            CaptureFormat.PCAPNG, new ChannelOutput(Channels.newChannel(out)), INFO, START);
    long predicted = 0;
    for (int i = 0; i < 4; i++) {
      // 60..63 bytes: every padding a packet block can need.
      predicted = writer.sizeWith(60 + i);
      write(writer, START + i * 1_000_000_001L, 1000 + i, packet(i, 60 + i));
    }
    long end = START + 5_000_000_000L;
    writer.finish(new CaptureStats(4, 246, 9), end);
    writer.finish(new CaptureStats(5, 300, 10), end + 1); // completed already: no second block

    assertThat((long) out.size()).isEqualTo(predicted);
    PcapNgFile file = PcapNgFile.parse(out.toByteArray());
    assertThat(file.layout())
        .containsExactly(
            "SectionHeader",
            "InterfaceDescription",
            "EnhancedPacket",
            "EnhancedPacket",
            "EnhancedPacket",
            "EnhancedPacket",
            "InterfaceStatistics");
    Block.InterfaceDescription idb = file.interfaces().getFirst();
    assertThat(idb.name()).isEqualTo("cali1234");
    assertThat(PcapNgFile.option(idb.options(), OptionCode.IF_DESCRIPTION).stringValue())
        .isEqualTo("pod shop/web-1");
    assertThat(idb.resolution()).isEqualTo(TimestampResolution.NANOSECONDS);
    assertThat(idb.linkType()).isEqualTo(LinkType.ETHERNET);
    assertThat(idb.snapLength()).isEqualTo(9000);
    Block.EnhancedPacket last = file.packets().getLast();
    assertThat(last.timestamp()).isEqualTo(START + 3_000_000_003L);
    assertThat(last.originalLength()).isEqualTo(1003);
    assertThat(last.data()).isEqualTo(packet(3, 63).array());

    Block.InterfaceStatistics statistics = file.statistics();
    assertThat(statistics.timestamp()).isEqualTo(end);
    assertThat(PcapNgFile.timestamp(statistics, OptionCode.ISB_STARTTIME)).isEqualTo(START);
    assertThat(PcapNgFile.timestamp(statistics, OptionCode.ISB_ENDTIME)).isEqualTo(end);
    assertThat(PcapNgFile.counter(statistics, OptionCode.ISB_OSDROP)).isEqualTo(9);
    assertThat(PcapNgFile.counter(statistics, OptionCode.ISB_USRDELIV)).isEqualTo(4);
  }

  @Test
  void wiresharksToolsReadTheInterfaceTheResolutionAndTheStatistics() throws IOException {
    Path path = dir.resolve("pod_cali1234.pcapng");
    RecordWriter writer =
        RecordWriter.open(
            CaptureFormat.PCAPNG,
            DirectFile.create(path, RecordOutput.allocateBuffer()),
            INFO,
            START);
    write(writer, START + 1, 60, packet(1, 60));
    write(writer, START + 2, 61, packet(2, 61));
    writer.finish(new CaptureStats(2, 121, 7), START + 3);

    assertThat(
            Tool.output(
                    "tshark",
                    "-r",
                    path.toString(),
                    "-T",
                    "fields",
                    "-e",
                    "frame.interface_name",
                    "-e",
                    "frame.time_epoch")
                .lines())
        .containsExactly("cali1234\t1700000000.123456790", "cali1234\t1700000000.123456791");
    assertThat(Tool.output("capinfos", path.toString()))
        .containsPattern("File timestamp precision:\\s+nanoseconds \\(9\\)")
        .contains("Description = pod shop/web-1")
        .contains("Number of stat entries = 1");
    assertThat(Tshark.statistics(path)).containsExactly("7\t2");
  }
}
