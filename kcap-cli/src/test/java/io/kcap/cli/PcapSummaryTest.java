package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.pcap.PcapFormatException;
import io.kcap.testkit.Tool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapSummaryTest {

  /** A classic pcap file of the given frames, written field by field. */
  private static byte[] pcap(ByteOrder order, int magic, int linkType, byte[]... frames) {
    var out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(24).order(order);
    header.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    header.putInt(262144).putInt(linkType);
    out.writeBytes(header.array());
    int second = 1_700_000_000;
    for (byte[] frame : frames) {
      ByteBuffer record = ByteBuffer.allocate(16).order(order);
      record.putInt(second++).putInt(7).putInt(frame.length).putInt(frame.length + 100);
      out.writeBytes(record.array());
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }

  /** An Ethernet frame carrying IPv4 with {@code protocol} and the two ports. */
  private static byte[] ipv4(int protocol, int sourcePort, int destinationPort) {
    ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 8).order(ByteOrder.BIG_ENDIAN);
    frame.position(12);
    frame.putShort((short) 0x0800);
    frame.put((byte) 0x45).put((byte) 0).putShort((short) 28).putInt(0);
    frame.put((byte) 64).put((byte) protocol).putShort((short) 0);
    frame.putInt(0x0af10001).putInt(0x0af10002);
    frame.putShort((short) sourcePort).putShort((short) destinationPort);
    return frame.array();
  }

  private static byte[] arp() {
    byte[] frame = new byte[42];
    frame[12] = 0x08;
    frame[13] = 0x06;
    return frame;
  }

  @ParameterizedTest
  @CsvSource({"BIG_ENDIAN, a1b2c3d4", "LITTLE_ENDIAN, a1b2c3d4", "LITTLE_ENDIAN, a1b23c4d"})
  void countsPacketsBytesAndProtocolsInEitherByteOrderAndPrecision(String order, String magic)
      throws IOException {
    byte[] file =
        pcap(
            order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
            Integer.parseUnsignedInt(magic, 16),
            1,
            ipv4(6, 41000, 8080),
            ipv4(6, 8080, 41000),
            ipv4(17, 5353, 50000),
            ipv4(1, 0, 0),
            arp());

    PcapSummary summary = PcapSummary.read(new ByteArrayInputStream(file));

    assertThat(summary.packets()).isEqualTo(5);
    assertThat(summary.bytes()).isEqualTo(4 * 42 + 42);
    assertThat(summary.protocols())
        .isEqualTo(Map.of("TCP/8080", 2L, "UDP/5353", 1L, "ICMP", 1L, "ARP", 1L));
    assertThat(summary.protocolsText()).isEqualTo("TCP/8080 2, ARP 1, ICMP 1, UDP/5353 1");
  }

  @Test
  void anEmptyCaptureHasNoPackets() throws IOException {
    PcapSummary summary =
        PcapSummary.read(new ByteArrayInputStream(pcap(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4, 1)));

    assertThat(summary.packets()).isZero();
    assertThat(summary.protocolsText()).isEqualTo("-");
  }

  @Test
  void aFileCutInsideAPacketIsAFormatError() {
    byte[] file = pcap(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4, 1, ipv4(6, 1, 2));
    byte[] cut = Arrays.copyOf(file, file.length - 3);

    assertThatThrownBy(() -> PcapSummary.read(new ByteArrayInputStream(cut)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void aPcapngFileSummarizesAsThePcapFileEditcapMadeItFrom(@TempDir Path dir) throws IOException {
    Path pcap =
        Files.write(
            dir.resolve("in.pcap"),
            pcap(
                ByteOrder.LITTLE_ENDIAN,
                0xa1b2c3d4,
                1,
                ipv4(6, 41000, 8080),
                ipv4(17, 53, 40000),
                arp()));
    Path pcapng = dir.resolve("out.pcapng");
    Tool.run("editcap", "-F", "pcapng", pcap.toString(), pcapng.toString()).orThrow();

    PcapSummary fromPcap;
    PcapSummary fromPcapng;
    try (InputStream a = Files.newInputStream(pcap);
        InputStream b = Files.newInputStream(pcapng)) {
      fromPcap = PcapSummary.read(a);
      fromPcapng = PcapSummary.read(b);
    }

    assertThat(fromPcapng).isEqualTo(fromPcap);
    assertThat(fromPcapng.packets()).isEqualTo(3);
  }

  @Test
  void aFileThatIsNoCaptureIsRefusedWithItsReason() {
    byte[] text = "hello, this is not a capture".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> PcapSummary.read(new ByteArrayInputStream(text)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("not a pcap or pcapng file");
  }
}
