package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.OptionCode;
import io.kcap.pcap.testing.PcapFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class StreamSinkTest {
  @Test
  void aLiveReaderGetsTheHeaderAtStartAndEachBlockAtItsFlush() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamSink sink = new StreamSink(Channels.newChannel(out), CaptureFormat.PCAP);

    sink.start(new CaptureInfo("cali123", "", LinkType.ETHERNET, 262144));
    assertThat(out.size()).isEqualTo(24);

    sink.packet(1_500_000_000_000_000_007L, 60, ByteBuffer.wrap(new byte[60]));
    assertThat(out.size()).isEqualTo(24);
    sink.flush();
    assertThat(out.size()).isEqualTo(24 + 16 + 60);

    sink.packet(1_500_000_000_000_000_008L, 80, ByteBuffer.wrap(new byte[40]));
    sink.finish(new CaptureStats(2, 100, 0));
    PcapFile file = PcapFile.parse(ByteBuffer.wrap(out.toByteArray()));
    assertThat(file.packets()).hasSize(2);
    assertThat(file.packets().get(1).timestampNanos()).isEqualTo(1_500_000_000_000_000_008L);
    assertThat(file.packets().get(1).originalLength()).isEqualTo(80);
  }

  @Test
  void aPcapngStreamGivesALiveReaderItsHeadersAtStartAndEndsWithTheDropCount() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(1_500_000_000L, 9));
    StreamSink sink = new StreamSink(Channels.newChannel(out), CaptureFormat.PCAPNG, clock);

    sink.start(new CaptureInfo("cali123", "", LinkType.ETHERNET, 262144));
    PcapNgFile headers = PcapNgFile.parse(out.toByteArray());
    assertThat(headers.layout()).containsExactly("SectionHeader", "InterfaceDescription");
    assertThat(headers.interfaces().getFirst().name()).isEqualTo("cali123");
    int headerSize = out.size();

    sink.packet(1_500_000_000_000_000_007L, 60, ByteBuffer.wrap(new byte[60]));
    assertThat(out.size()).isEqualTo(headerSize);
    sink.flush();
    assertThat(out.size()).isEqualTo(headerSize + 32 + 60);

    sink.packet(1_500_000_000_000_000_008L, 80, ByteBuffer.wrap(new byte[40]));
    sink.finish(new CaptureStats(2, 100, 3));
    PcapNgFile file = PcapNgFile.parse(out.toByteArray());
    assertThat(file.layout())
        .containsExactly(
            "SectionHeader",
            "InterfaceDescription",
            "EnhancedPacket",
            "EnhancedPacket",
            "InterfaceStatistics");
    assertThat(file.packets().get(1).timestamp()).isEqualTo(1_500_000_000_000_000_008L);
    assertThat(file.packets().get(1).originalLength()).isEqualTo(80);
    assertThat(file.statistics().timestamp()).isEqualTo(1_500_000_000_000_000_009L);
    assertThat(PcapNgFile.counter(file.statistics(), OptionCode.ISB_OSDROP)).isEqualTo(3);
    assertThat(PcapNgFile.counter(file.statistics(), OptionCode.ISB_USRDELIV)).isEqualTo(2);
  }
}
