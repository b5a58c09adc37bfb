package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.pcap.Block;
import io.kcap.pcap.Option;
import io.kcap.pcap.OptionCode;
import io.kcap.pcap.PcapNgReader;
import io.kcap.pcap.TimestampResolution;
import io.kcap.testkit.NetnsLab;
import io.kcap.testkit.Tcpdump;
import io.kcap.testkit.Tool;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pcapng output: named interface, nanosecond resolution, tcpdump's packets, drops at the end. */
class PcapNgOutputTest {
  @TempDir Path dir;

  @Test
  void aPcapngCaptureNamesItsInterfaceAndEndsWithTheKernelsDropCount() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcapng");
      CaptureEnd end;
      Tcpdump tcpdump = Tcpdump.start(lab.b(), lab.b().iface(), reference, "icmp");
      try {
        CaptureSession session =
            CaptureSession.open(
                CaptureOptions.on(lab.b().iface())
                    .netns(lab.b().netns())
                    .description("pod b of the test lab")
                    .filter(CaptureFilter.of(TcpdumpFilter.compile("icmp")))
                    .build(),
                new RotatingFileSink(
                    ours, CaptureFormat.PCAPNG, Rotation.NONE, InstantSource.system()));
        lab.a().run("ping", "-c", "3", "-i", "0.05", lab.b().ipv4()).orThrow();
        Thread.sleep(200);
        end = session.stop();
      } finally {
        tcpdump.close();
      }

      List<Block> blocks = new ArrayList<>();
      List<String> records = new ArrayList<>();
      try (PcapNgReader reader = PcapNgReader.open(FileChannel.open(ours))) {
        while (reader.nextBlock()) {
          Block block = reader.block();
          blocks.add(block);
          if (block instanceof Block.EnhancedPacket packet) {
            records.add(packet.originalLength() + ": " + HexFormat.of().formatHex(packet.data()));
          }
        }
      }
      Block.InterfaceDescription idb =
          blocks.stream()
              .filter(Block.InterfaceDescription.class::isInstance)
              .map(Block.InterfaceDescription.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(idb.name()).isEqualTo(lab.b().iface());
      assertThat(option(idb.options(), OptionCode.IF_DESCRIPTION).stringValue())
          .isEqualTo("pod b of the test lab");
      assertThat(idb.resolution()).isEqualTo(TimestampResolution.NANOSECONDS);
      assertThat(records).hasSize(6).containsExactlyElementsOf(PcapFile.read(reference).records());

      Block.InterfaceStatistics isb = (Block.InterfaceStatistics) blocks.getLast();
      assertThat(int64(option(isb.options(), OptionCode.ISB_OSDROP)))
          .isEqualTo(end.stats().drops());
      assertThat(int64(option(isb.options(), OptionCode.ISB_USRDELIV))).isEqualTo(6);
      // Wireshark's tools read it too.
      assertThat(Tool.output("capinfos", "-c", "-M", ours.toString())).contains("6");
    }
  }

  private static Option option(List<Option> options, OptionCode code) {
    return options.stream().filter(o -> o.code().equals(code)).findFirst().orElseThrow();
  }

  private static long int64(Option option) {
    return ByteBuffer.wrap(option.value()).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
