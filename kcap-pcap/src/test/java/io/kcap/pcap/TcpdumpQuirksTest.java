package io.kcap.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.testkit.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What libpcap changes when tcpdump copies an unusual pcap file, reproduced byte for byte: each
 * case is a file tcpdump accepts but rewrites, run through tcpdump and through kcap.
 */
class TcpdumpQuirksTest {
  private static final int MICRO = 0xA1B2C3D4;
  private static final int NANO = 0xA1B23C4D;

  @TempDir Path dir;

  static Stream<Arguments> unusualFiles() {
    return Stream.of(
        Arguments.of(
            "a big-endian nanosecond file with odd stamps",
            FileBytes.be()
                .pcapHeader(NANO, 2, 4, 65535, 1)
                .record(1_700_000_000L, 999_999_999, 60, 60)
                .record(0xFFFF_FFFFL, 1_500, 10, 10)
                .record(5, 1_999_999_999L, 20, 20)),
        Arguments.of(
            "microseconds beyond a second",
            FileBytes.le().pcapHeader(MICRO, 2, 4, 65535, 1).record(1, 2_999_999, 20, 20)),
        Arguments.of(
            "a time zone and accuracy that libpcap zeroes",
            FileBytes.le()
                .u32(MICRO)
                .u16(2)
                .u16(4)
                .u32(-7200)
                .u32(6)
                .u32(96)
                .u32(1)
                .record(1, 2, 40, 60)),
        Arguments.of(
            "snap length 0, which becomes 262144",
            FileBytes.le().pcapHeader(MICRO, 2, 4, 0, 1).record(1, 2, 64, 64)),
        Arguments.of(
            "snap length above 2^31, which becomes 262144",
            FileBytes.le().pcapHeader(MICRO, 2, 4, 0xFFFF_FFFFL, 1).record(1, 2, 64, 64)),
        Arguments.of(
            "snap length 300000, which stays",
            FileBytes.le().pcapHeader(MICRO, 2, 4, 300_000, 1).record(1, 2, 64, 64)),
        Arguments.of(
            "snap length 0 on D-Bus, whose maximum is 128 MiB",
            FileBytes.le().pcapHeader(MICRO, 2, 4, 0, 231).record(1, 2, 64, 64)),
        Arguments.of(
            "records longer than the snap length, which are cut",
            FileBytes.le()
                .pcapHeader(MICRO, 2, 4, 32, 1)
                .record(1, 2, 64, 64)
                .record(1, 3, 32, 100)
                .record(1, 4, 33, 33)),
        Arguments.of(
            "link type 12 of old files, which libpcap writes as RAW (101)",
            FileBytes.le().pcapHeader(MICRO, 2, 4, 65535, 12).record(1, 2, 20, 20)),
        Arguments.of(
            "link type 11, written as ATM_RFC1483 (100)",
            FileBytes.le().pcapHeader(MICRO, 2, 4, 65535, 11).record(1, 2, 20, 20)),
        Arguments.of(
            "an FCS length in the link type field, which is kept",
            FileBytes.le().pcapHeader(MICRO, 2, 4, 65535, 0x1400_0001L).record(1, 2, 20, 20)),
        Arguments.of(
            "version 2.2, whose record lengths come swapped",
            FileBytes.le()
                .pcapHeader(MICRO, 2, 2, 65535, 1)
                .u32(1)
                .u32(2)
                .u32(100)
                .u32(20)
                .counting(20)),
        Arguments.of(
            "version 2.3, where only some records are swapped",
            FileBytes.le()
                .pcapHeader(MICRO, 2, 3, 65535, 1)
                .u32(1)
                .u32(2)
                .u32(100)
                .u32(20)
                .counting(20)
                .record(1, 3, 20, 100)),
        Arguments.of(
            "version 543.0 of DG/UX",
            FileBytes.be()
                .pcapHeader(MICRO, 543, 0, 65535, 1)
                .u32(1)
                .u32(2)
                .u32(50)
                .u32(10)
                .counting(10)),
        Arguments.of("a file without packets", FileBytes.le().pcapHeader(NANO, 2, 4, 1500, 228)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusualFiles")
  void writesWhatTcpdumpWrites(String what, FileBytes file) throws IOException {
    Path input = dir.resolve("input.pcap");
    Files.write(input, file.toByteArray());
    for (boolean nano : List.of(false, true)) {
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcap");
      List<String> command = new ArrayList<>(List.of("tcpdump"));
      if (nano) {
        command.add("--nano");
      }
      command.addAll(List.of("-r", input.toString(), "-w", reference.toString()));
      Tool.run(command).orThrow();
      try (CaptureReader reader = CaptureReader.open(input)) {
        CaptureFilter.builder().nanosecondPcap(nano).build().run(reader, Tools.create(ours));
      }
      assertThat(java.util.HexFormat.of().formatHex(Files.readAllBytes(ours)))
          .as("nanoseconds %s", nano)
          .isEqualTo(java.util.HexFormat.of().formatHex(Files.readAllBytes(reference)));
    }
  }
}
