package io.kcap.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.testkit.Tool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {

  @Test
  void writesTheLibpcapHeaderAndRecordsFieldByField() throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var writer =
        new PcapWriter(
            Channels.newChannel(bytes),
            new LinkType(0x1234),
            0x00ABCDEF,
            TimestampPrecision.MICROSECONDS,
            ByteOrder.BIG_ENDIAN,
            64)) {
      writer.write(
          new Packet(
              0x11223344L * 1_000_000_000L + 0x55667L * 1_000, 0x99, 0, new byte[] {7, 8, 9}));
    }
    assertThat(HexFormat.of().formatHex(bytes.toByteArray()))
        .isEqualTo(
            "a1b2c3d4"
                + "0002"
                + "0004"
                + "00000000"
                + "00000000"
                + "00abcdef"
                + "00001234"
                + "11223344"
                + "00055667"
                + "00000003"
                + "00000099"
                + "070809");
  }

  @Test
  void nanosecondFilesKeepEveryDigitOfTheTimestamp() throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var writer =
        new PcapWriter(
            Channels.newChannel(bytes), LinkType.ETHERNET, 65535, TimestampPrecision.NANOSECONDS)) {
      writer.write(Packet.of(1_700_000_000_123_456_789L, new byte[] {1}));
    }
    ByteBuffer file = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(file.getInt(0)).isEqualTo(0xA1B23C4D);
    assertThat(file.getInt(24)).isEqualTo(1_700_000_000);
    assertThat(file.getInt(28)).isEqualTo(123_456_789);
  }

  @Test
  void recordsLargerThanTheBufferAreWrittenWhole() throws IOException {
    var bytes = new ByteArrayOutputStream();
    byte[] big = new byte[1000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    try (var writer =
        new PcapWriter(
            Channels.newChannel(bytes),
            LinkType.ETHERNET,
            65535,
            TimestampPrecision.MICROSECONDS,
            ByteOrder.LITTLE_ENDIAN,
            40)) {
      writer.write(Packet.of(0, big));
      writer.write(1_000, 1000, ByteBuffer.wrap(big));
      assertThat(writer.bytesWritten()).isEqualTo(24 + 2 * (16 + 1000));
    }
    byte[] file = bytes.toByteArray();
    assertThat(file).hasSize(24 + 2 * (16 + 1000));
    assertThat(java.util.Arrays.copyOfRange(file, 24 + 16 + 1000 + 16, file.length)).isEqualTo(big);
  }

  @Test
  void tcpdumpReadsWhatTheWriterWrote(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("written.pcap");
    byte[] frame =
        HexFormat.of()
            .parseHex(
                "ffffffffffff020000000001"
                    + "0806" // Ethernet broadcast, ARP
                    + "0001080006040001"
                    + "020000000001"
                    + "0a000001"
                    + "000000000000"
                    + "0a000002");
    try (var writer =
        new PcapWriter(
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            LinkType.ETHERNET,
            262144,
            TimestampPrecision.MICROSECONDS)) {
      for (int i = 0; i < 5; i++) {
        writer.write(Packet.of(1_600_000_000_000_000_000L + i * 1_000_000L, frame));
      }
    }
    String printed = Tool.output("tcpdump", "-n", "-tt", "-r", file.toString());
    assertThat(printed.lines()).hasSize(5);
    assertThat(printed.lines().findFirst().orElseThrow())
        .startsWith("1600000000.000000 ARP, Request who-has 10.0.0.2 tell 10.0.0.1");
    assertThat(printed.lines().reduce((first, last) -> last).orElseThrow())
        .startsWith("1600000000.004000 ARP");
  }

  @Test
  void refusesARecordWhoseOriginalLengthIsShorterThanItsBytes() throws IOException {
    try (var writer =
        new PcapWriter(
            Channels.newChannel(new ByteArrayOutputStream()),
            LinkType.ETHERNET,
            65535,
            TimestampPrecision.MICROSECONDS)) {
      assertThatThrownBy(() -> writer.write(0, 2, new byte[3], 0, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("original length 2 is less than captured length 3");
    }
  }
}
