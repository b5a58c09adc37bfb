package io.kcap.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a file can be broken ends in one PcapFormatException naming offset and fault. */
class MalformedInputTest {
  private static final int MICRO = 0xA1B2C3D4;

  private static FileBytes pcap() {
    return FileBytes.le().pcapHeader(MICRO, 2, 4, 65535, 1);
  }

  private static FileBytes shb() {
    FileBytes file = FileBytes.le();
    return file.sectionHeader(file.empty());
  }

  private static FileBytes shbAndIdb() {
    FileBytes file = shb();
    return file.interfaceDescription(1, 0, file.empty());
  }

  static Stream<Arguments> brokenFiles() {
    FileBytes le = FileBytes.le();
    return Stream.of(
        Arguments.of("an empty file", le.empty(), 0, "empty file: no pcap or pcapng header"),
        Arguments.of(
            "three bytes",
            le.empty().bytes((byte) 'a', (byte) 'b', (byte) 'c'),
            0,
            "truncated file: 3 bytes, too short for a capture file header"),
        Arguments.of(
            "a GIF",
            le.empty()
                .bytes("GIF89a..........".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            0,
            "not a pcap or pcapng file: unknown magic number 0x47494638"),
        Arguments.of(
            "a cut pcap header",
            le.empty().u32(MICRO).u16(2).u16(4).u16(0),
            10,
            "truncated pcap file header: 10 of 24 bytes"),
        Arguments.of(
            "pcap version 3.0",
            le.empty().pcapHeader(MICRO, 3, 0, 65535, 1),
            4,
            "unsupported pcap version 3.0; expected 2.x"),
        Arguments.of(
            "a cut record header",
            pcap().record(1, 0, 4, 4).u32(1).u16(0).u8(0),
            44,
            "truncated record header: 7 of 16 bytes before the end of the file"),
        Arguments.of(
            "a cut record",
            pcap().u32(1).u32(0).u32(100).u32(100).counting(10),
            24,
            "truncated record: captured length 100 but only 10 bytes before the end of the file"),
        Arguments.of(
            "a record of 4 GiB",
            pcap().u32(1).u32(0).u32(0xFFFF_FFFFL).u32(0),
            24,
            "record captured length 4294967295 exceeds the limit of 16777216"),
        Arguments.of(
            "a cut section header",
            le.empty().u32(Block.SECTION_HEADER).u32(28),
            0,
            "truncated section header: 8 bytes before the end of the file"),
        Arguments.of(
            "a bad byte-order magic",
            le.empty().u32(Block.SECTION_HEADER).u32(28).u32(0x11223344).zeros(16),
            8,
            "bad section byte-order magic 0x44332211"),
        Arguments.of(
            "a block length that is not a multiple of 4",
            shb().u32(1).u32(30).zeros(22),
            32,
            "block length 30 is not a multiple of 4"),
        Arguments.of(
            "a block length below 12",
            shb().u32(1).u32(8),
            32,
            "block length 8 is less than the minimum 12"),
        Arguments.of(
            "a block length of 4 GiB",
            shb().u32(1).u32(0xFFFF_FFF0L).zeros(8),
            32,
            "block length 4294967280 exceeds the limit of 16777216"),
        Arguments.of(
            "a trailer that disagrees",
            shb().u32(1).u32(20).u16(1).u16(0).u32(0).u32(24),
            44,
            "block trailer length 24 does not match the header length 20"),
        Arguments.of(
            "a cut block",
            shb().u32(1).u32(100).zeros(20),
            28,
            "truncated block: type 0x00000001 of 100 bytes, only 28 before the end of the file"),
        Arguments.of(
            "stray bytes after the last block",
            shbAndIdb().zeros(5),
            48,
            "truncated block header: 5 of 8 bytes before the end of the file"),
        Arguments.of(
            "a packet of an undeclared interface",
            shbAndIdb().enhancedPacket(3, 0, 4, 4, le.empty()),
            56,
            "packet refers to interface 3 but the section has declared 1"),
        Arguments.of(
            "a packet longer than its block",
            shbAndIdb()
                .u32(Block.ENHANCED_PACKET)
                .u32(36)
                .u32(0)
                .u32(0)
                .u32(0)
                .u32(9)
                .u32(9)
                .u32(0)
                .u32(36),
            52,
            "captured length 9 does not fit a block of 36 bytes"),
        Arguments.of(
            "a simple packet before any interface",
            shb().block(Block.SIMPLE_PACKET, le.empty().u32(4).counting(4)),
            36,
            "packet refers to interface 0 but the section has declared 0"),
        Arguments.of(
            "an option running past its block",
            shb()
                .block(
                    Block.INTERFACE_DESCRIPTION, le.empty().u16(1).u16(0).u32(0).u16(2).u16(200)),
            44,
            "option 2 of 200 bytes runs past the end of its block"),
        Arguments.of(
            "pcapng version 2.0",
            le.empty()
                .block(Block.SECTION_HEADER, le.empty().u32(0x1A2B3C4D).u16(2).u16(0).u64(-1)),
            12,
            "unsupported pcapng version 2.0; expected 1.x"),
        Arguments.of(
            "a timestamp resolution of 10^-30",
            shb().interfaceDescription(1, 0, le.empty().option(9, new byte[] {30}).endOfOptions()),
            28,
            "interface timestamp resolution 10^-30 is finer than the finest supported, 10^-18"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void isAFormatErrorNamingTheOffsetAndTheFault(
      String what, FileBytes file, long offset, String problem) {
    assertThatThrownBy(() -> readAll(file))
        .isInstanceOfSatisfying(
            PcapFormatException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.offset()).isEqualTo(offset);
            })
        .hasMessage("at byte " + offset + ": " + problem);
  }

  static void readAll(FileBytes file) throws IOException {
    try (CaptureReader reader = CaptureReader.open(file.channel())) {
      while (reader.next()) {
        reader.timestampNanos();
      }
    }
  }
}
