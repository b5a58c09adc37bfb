package io.kcap.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapReaderTest {
  private static final int MICRO = 0xA1B2C3D4;
  private static final int NANO = 0xA1B23C4D;

  private static PcapReader read(FileBytes file) throws IOException {
    return (PcapReader) CaptureReader.open(file.channel());
  }

  @Test
  void readsEveryHeaderFieldOfABigEndianNanosecondFile() throws IOException {
    FileBytes file =
        FileBytes.be()
            .u32(NANO)
            .u16(2)
            .u16(4)
            .u32(0x11223344)
            .u32(0x55667788)
            .u32(0x00ABCDEF)
            .u32(0x0400_1234)
            .record(0x5EADBEEFL, 123_456_789, 5, 0xABCD);
    try (PcapReader reader = read(file)) {
      PcapHeader header = reader.header();
      assertThat(header.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
      assertThat(header.precision()).isEqualTo(TimestampPrecision.NANOSECONDS);
      assertThat(header.versionMajor()).isEqualTo(2);
      assertThat(header.versionMinor()).isEqualTo(4);
      assertThat(header.thisZone()).isEqualTo(0x11223344);
      assertThat(header.sigFigs()).isEqualTo(0x55667788);
      assertThat(header.snapLength()).isEqualTo(0x00ABCDEF);
      assertThat(header.linkType()).isEqualTo(new LinkType(0x1234));
      assertThat(header.linkTypeFlags()).isEqualTo(0x0400);
      assertThat(header.linkTypeField()).isEqualTo(0x0400_1234);
      assertThat(reader.format()).isEqualTo(CaptureFormat.PCAP);

      assertThat(reader.next()).isTrue();
      assertThat(reader.timestampSeconds()).isEqualTo(0x5EADBEEFL);
      assertThat(reader.timestampFraction()).isEqualTo(123_456_789);
      assertThat(reader.timestampNanos()).isEqualTo(0x5EADBEEFL * 1_000_000_000L + 123_456_789);
      assertThat(reader.capturedLength()).isEqualTo(5);
      assertThat(reader.originalLength()).isEqualTo(0xABCD);
      assertThat(reader.recordOffset()).isEqualTo(24);
      assertThat(reader.packet().data()).containsExactly(0, 1, 2, 3, 4);
      assertThat(reader.next()).isFalse();
      assertThat(reader.offset()).isEqualTo(24 + 16 + 5);
    }
  }

  @Test
  void readsMicrosecondsInLittleEndianAndSecondsAsUnsigned() throws IOException {
    FileBytes file =
        FileBytes.le()
            .pcapHeader(MICRO, 2, 4, 65535, 1)
            .record(0xFFFF_FFFFL, 999_999, 3, 60)
            .record(1, 2, 0, 0);
    try (PcapReader reader = read(file)) {
      assertThat(reader.header().byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
      assertThat(reader.header().precision()).isEqualTo(TimestampPrecision.MICROSECONDS);
      assertThat(reader.next()).isTrue();
      assertThat(reader.timestampNanos()).isEqualTo(4_294_967_295_999_999_000L);
      assertThat(reader.next()).isTrue();
      assertThat(reader.timestampNanos()).isEqualTo(1_000_002_000L);
      assertThat(reader.capturedLength()).isZero();
      assertThat(reader.next()).isFalse();
    }
  }

  @Test
  void keepsLinkTypesKcapDoesNotKnow() throws IOException {
    try (PcapReader reader = read(FileBytes.le().pcapHeader(MICRO, 2, 4, 100, 0xFFFF))) {
      assertThat(reader.header().linkType()).isEqualTo(new LinkType(65535));
      assertThat(reader.header().linkType().displayName()).isEqualTo("LINKTYPE_65535");
      assertThat(reader.captureInterface().linkType().value()).isEqualTo(65535);
      assertThat(reader.next()).isFalse();
    }
  }

  @Test
  void swapsTheLengthsBackInVersionsBefore2Point3AsLibpcapDoes() throws IOException {
    FileBytes old = FileBytes.le().pcapHeader(MICRO, 2, 2, 65535, 1);
    old.u32(1).u32(0).u32(100).u32(4).counting(4);
    try (PcapReader reader = read(old)) {
      assertThat(reader.next()).isTrue();
      assertThat(reader.capturedLength()).isEqualTo(4);
      assertThat(reader.originalLength()).isEqualTo(100);
    }
    FileBytes ambiguous = FileBytes.le().pcapHeader(MICRO, 2, 3, 65535, 1);
    ambiguous.u32(1).u32(0).u32(100).u32(4).counting(4); // swapped: captured > original
    ambiguous.u32(1).u32(0).u32(4).u32(100).counting(4); // in order
    try (PcapReader reader = read(ambiguous)) {
      assertThat(reader.next()).isTrue();
      assertThat(reader.capturedLength()).isEqualTo(4);
      assertThat(reader.originalLength()).isEqualTo(100);
      assertThat(reader.next()).isTrue();
      assertThat(reader.capturedLength()).isEqualTo(4);
      assertThat(reader.originalLength()).isEqualTo(100);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 4096})
  void readsTheSamePacketsWhateverTheChunksTheChannelDelivers(int maxChunk) throws IOException {
    FileBytes file = FileBytes.le().pcapHeader(NANO, 2, 4, 262144, 1);
    List<Integer> lengths = List.of(0, 1, 60, 1514, 70_000, 3, 200_000, 64);
    for (int i = 0; i < lengths.size(); i++) {
      file.record(1_700_000_000L + i, i, lengths.get(i), lengths.get(i) + 4L);
    }
    List<Integer> seen = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    try (CaptureReader reader =
        CaptureReader.open(new Trickle(file.toByteArray(), maxChunk, maxChunk), 64, 1 << 20)) {
      while (reader.next()) {
        byte[] data = reader.packet().data();
        for (int i = 0; i < data.length; i++) {
          assertThat(data[i]).isEqualTo((byte) i);
        }
        seen.add(reader.capturedLength());
        offsets.add(reader.recordOffset());
        assertThat(reader.timestampNanos() % 1_000_000_000L).isEqualTo(seen.size() - 1L);
      }
    }
    assertThat(seen).isEqualTo(lengths);
    long expected = 24;
    for (int i = 0; i < lengths.size(); i++) {
      assertThat(offsets.get(i)).isEqualTo(expected);
      expected += 16 + lengths.get(i);
    }
  }

  @Test
  void writesBackWhatItReadByteForByte() throws IOException {
    for (FileBytes file :
        List.of(
            FileBytes.le()
                .u32(MICRO)
                .u16(2)
                .u16(4)
                .u32(-3600)
                .u32(7)
                .u32(96)
                .u32(0x1000_0071)
                .record(1, 2, 10, 20)
                .record(0xFFFF_FFFFL, 3_999_999, 0, 0),
            FileBytes.be().pcapHeader(NANO, 2, 4, 0, 228).record(5, 999_999_999, 1500, 1500))) {
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      try (PcapReader reader = read(file);
          PcapWriter writer = new PcapWriter(Channels.newChannel(copy), reader.header(), 64)) {
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
      assertThat(copy.toByteArray()).isEqualTo(file.toByteArray());
    }
  }

  @Test
  void refusesARecordLongerThanTheLimitBeforeAllocatingIt() throws IOException {
    FileBytes file =
        FileBytes.le().pcapHeader(MICRO, 2, 4, 65535, 1).u32(0).u32(0).u32(0x7FFF_FFF0L).u32(0);
    try (CaptureReader reader = CaptureReader.open(file.channel(), 64, 1 << 20)) {
      assertThatThrownBy(reader::next)
          .isInstanceOf(PcapFormatException.class)
          .hasMessage("at byte 24: record captured length 2147483632 exceeds the limit of 1048576");
    }
  }
}
