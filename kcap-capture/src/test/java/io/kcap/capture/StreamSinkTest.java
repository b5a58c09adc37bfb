package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.testing.PcapFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
}
