package io.kcap.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapNgReaderTest {
  private static final int CUSTOM_PEN = 32473;

  /**
   * Two sections of every block kind: a little-endian one with microsecond, 2^-20 and offset
   * interfaces, then a big-endian one with nanoseconds.
   */
  static FileBytes everyBlock() {
    FileBytes file = FileBytes.le();
    file.sectionHeader(
        file.empty().option(1, "first section").option(4, "kcap test").endOfOptions());
    file.interfaceDescription(1, 262144, file.empty().option(2, "eth0").endOfOptions());
    file.interfaceDescription(
        101,
        0,
        file.empty()
            .option(9, new byte[] {(byte) 0x94}) // 2^-20
            .option(14, new byte[] {0x10, 0, 0, 0, 0, 0, 0, 0}) // +16 s
            .endOfOptions());
    file.enhancedPacket(
        0, 1_700_000_000_123_456L, 5, 60, file.empty().option(1, "hello").endOfOptions());
    file.enhancedPacket(1, (1_700_000_000L << 20) | (1 << 19), 3, 3, file.empty());
    file.block(Block.SIMPLE_PACKET, file.empty().u32(7).counting(7).zeros(1));
    file.block(
        Block.OBSOLETE_PACKET,
        file.empty().u16(1).u16(9).u32(0).u32(1 << 20).u32(2).u32(2).counting(2).zeros(2));
    file.block(
        Block.NAME_RESOLUTION,
        file.empty()
            .u16(1)
            .u16(11)
            .bytes(new byte[] {10, 0, 0, 1})
            .bytes("a.kcap\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .zeros(1)
            .u16(0)
            .u16(0)
            .option(2, "dns.kcap")
            .endOfOptions());
    file.block(
        Block.INTERFACE_STATISTICS,
        file.empty().u32(0).u32(395812).u32(0xDEADBEEFL).option(4, new byte[8]).endOfOptions());
    file.block(Block.CUSTOM, file.empty().u32(CUSTOM_PEN).counting(6).zeros(2));
    file.block(Block.CUSTOM_NO_COPY, file.empty().u32(CUSTOM_PEN).counting(4));
    file.block(0x0000_0A0A, file.empty().counting(8)); // unknown to kcap
    FileBytes second = FileBytes.be();
    second.sectionHeader(second.empty());
    second.interfaceDescription(228, 96, second.empty().option(9, new byte[] {9}).endOfOptions());
    second.enhancedPacket(0, 1_700_000_001_000_000_007L, 4, 4, second.empty());
    return file.bytes(second);
  }

  @Test
  void readsEveryBlockOfBothSectionsWithTheirFields() throws IOException {
    List<Block> blocks = new ArrayList<>();
    List<Long> stamps = new ArrayList<>();
    List<Boolean> packets = new ArrayList<>();
    try (PcapNgReader reader = (PcapNgReader) CaptureReader.open(everyBlock().channel())) {
      do {
        blocks.add(reader.block());
        packets.add(reader.isPacket());
        if (reader.isPacket()) {
          stamps.add(reader.hasTimestamp() ? reader.timestampNanos() : -1);
        }
      } while (reader.nextBlock());
      assertThat(reader.sectionIndex()).isEqualTo(1);
      assertThat(reader.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
      assertThat(reader.interfaces())
          .extracting(CaptureInterface::linkType, CaptureInterface::section, CaptureInterface::id)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(LinkType.ETHERNET, 0, 0),
              org.assertj.core.groups.Tuple.tuple(LinkType.RAW, 0, 1),
              org.assertj.core.groups.Tuple.tuple(LinkType.IPV4, 1, 0));
    }
    assertThat(blocks).hasSize(15);
    Block.SectionHeader first = (Block.SectionHeader) blocks.get(0);
    assertThat(first.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(first.sectionLength()).isEqualTo(-1);
    assertThat(Block.comments(first.options())).containsExactly("first section");
    Block.InterfaceDescription eth0 = (Block.InterfaceDescription) blocks.get(1);
    assertThat(eth0.name()).isEqualTo("eth0");
    assertThat(eth0.snapLength()).isEqualTo(262144);
    assertThat(eth0.resolution()).isEqualTo(TimestampResolution.MICROSECONDS);
    Block.InterfaceDescription raw = (Block.InterfaceDescription) blocks.get(2);
    assertThat(raw.resolution().isPowerOfTwo()).isTrue();
    assertThat(raw.resolution().unitsPerSecond()).isEqualTo(1 << 20);
    assertThat(raw.offsetSeconds(ByteOrder.LITTLE_ENDIAN)).isEqualTo(16);
    Block.EnhancedPacket epb = (Block.EnhancedPacket) blocks.get(3);
    assertThat(epb.interfaceId()).isZero();
    assertThat(epb.timestamp()).isEqualTo(1_700_000_000_123_456L);
    assertThat(epb.originalLength()).isEqualTo(60);
    assertThat(epb.data()).containsExactly(0, 1, 2, 3, 4);
    assertThat(Block.comments(epb.options())).containsExactly("hello");
    assertThat(((Block.SimplePacket) blocks.get(5)).data()).hasSize(7);
    Block.ObsoletePacket pb = (Block.ObsoletePacket) blocks.get(6);
    assertThat(pb.interfaceId()).isEqualTo(1);
    assertThat(pb.dropsCount()).isEqualTo(9);
    Block.NameResolution nrb = (Block.NameResolution) blocks.get(7);
    assertThat(nrb.records())
        .singleElement()
        .satisfies(r -> assertThat(r.recordType()).isEqualTo(1));
    assertThat(
            new String(
                nrb.records().getFirst().value(), 4, 6, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("a.kcap");
    Block.InterfaceStatistics isb = (Block.InterfaceStatistics) blocks.get(8);
    assertThat(isb.timestamp()).isEqualTo(395812L << 32 | 0xDEADBEEFL);
    assertThat(blocks.get(9))
        .isInstanceOfSatisfying(
            Block.Custom.class, c -> assertThat(c.enterpriseNumber()).isEqualTo(CUSTOM_PEN));
    assertThat(blocks.get(10).type()).isEqualTo(Block.CUSTOM_NO_COPY);
    assertThat(blocks.get(11))
        .isInstanceOfSatisfying(Block.Unknown.class, u -> assertThat(u.type()).isEqualTo(0x0A0A));
    assertThat(((Block.SectionHeader) blocks.get(12)).byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThat(packets)
        .containsExactly(
            false, false, false, true, true, true, true, false, false, false, false, false, false,
            false, true);
    assertThat(stamps)
        .containsExactly(
            1_700_000_000_123_456_000L,
            // 2^-20 units: half a second, plus the interface's 16 s offset
            (1_700_000_000L + 16) * 1_000_000_000L + 500_000_000L,
            -1L,
            (1L << 20) * 1_000_000_000L / (1 << 20) + 16_000_000_000L,
            1_700_000_001_000_000_007L);
  }

  @Test
  void writesEveryParsedBlockBackByteForByte() throws IOException {
    byte[] original = everyBlock().toByteArray();
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (PcapNgReader reader = (PcapNgReader) CaptureReader.open(everyBlock().channel());
        PcapNgWriter writer = new PcapNgWriter(Channels.newChannel(copy), 64)) {
      do {
        writer.write(reader.block());
      } while (reader.nextBlock());
    }
    assertThat(HexFormat.of().formatHex(copy.toByteArray()))
        .isEqualTo(HexFormat.of().formatHex(original));
  }

  @Test
  void copiesRawBlocksByteForByte() throws IOException {
    byte[] original = everyBlock().toByteArray();
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (PcapNgReader reader =
            (PcapNgReader) CaptureReader.open(new Trickle(original, 5, 1), 64, 1 << 16);
        PcapNgWriter writer = new PcapNgWriter(Channels.newChannel(copy), 64)) {
      do {
        writer.writeRaw(reader.rawBlock());
      } while (reader.nextBlock());
    }
    assertThat(copy.toByteArray()).isEqualTo(original);
  }

  @Test
  void writesPacketsInTheResolutionAndOffsetOfTheirInterface() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long nanos = 1_700_000_000_123_456_789L;
    try (PcapNgWriter writer = new PcapNgWriter(Channels.newChannel(bytes))) {
      writer.write(Block.SectionHeader.of(ByteOrder.BIG_ENDIAN, List.of()));
      writer.write(
          Block.InterfaceDescription.of(LinkType.ETHERNET, 0, TimestampResolution.NANOSECONDS));
      writer.write(
          new Block.InterfaceDescription(
              LinkType.RAW,
              0,
              List.of(
                  new Option(OptionCode.IF_TSRESOL, new byte[] {(byte) 0x8A}),
                  Option.int64(OptionCode.IF_TSOFFSET, -100, ByteOrder.BIG_ENDIAN),
                  Option.endOfOptions())));
      writer.write(new Packet(nanos, 10, 0, new byte[] {1, 2, 3}));
      writer.write(new Packet(nanos, 10, 1, new byte[] {4}));
    }
    try (CaptureReader reader =
        CaptureReader.open(
            Channels.newChannel(new java.io.ByteArrayInputStream(bytes.toByteArray())))) {
      assertThat(reader.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
      assertThat(reader.next()).isTrue();
      assertThat(reader.timestampNanos()).isEqualTo(nanos);
      assertThat(reader.packet().data()).containsExactly(1, 2, 3);
      assertThat(reader.next()).isTrue();
      assertThat(((PcapNgReader) reader).timestampUnits())
          .isEqualTo((1_700_000_000L + 100) * 1024 + 123_456_789L * 1024 / 1_000_000_000L);
      assertThat(reader.timestampNanos())
          .isEqualTo(
              1_700_000_000_000_000_000L
                  + 123_456_789L * 1024 / 1_000_000_000L * 1_000_000_000L / 1024);
      assertThat(reader.next()).isFalse();
    }
  }
}
