package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.PcapWriter;
import io.kcap.pcap.TimestampPrecision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcapRecordWriterTest {
  @Test
  void writesTheSameBytesAsKcapPcapsWriterIncludingRecordsLargerThanItsBuffer() throws IOException {
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    ByteArrayOutputStream reference = new ByteArrayOutputStream();
    RecordWriter fast =
        new PcapRecordWriter(
            new ChannelOutput(Channels.newChannel(ours)),
            new CaptureInfo("eth0", "", LinkType.ETHERNET, 262144));
    PcapWriter general =
        new PcapWriter(
            Channels.newChannel(reference),
            LinkType.ETHERNET,
            262144,
            TimestampPrecision.NANOSECONDS);
    Random random = new Random(7);
    int[] lengths = {60, 1514, 0, 65_000, PcapRecordWriter.BUFFER_SIZE + 100, 60, 9000};
    long timestamp = 1_700_000_000_123_456_789L;
    for (int length : lengths) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      ByteBuffer window = ByteBuffer.allocateDirect(length + 20);
      window.position(10).put(data).flip().position(10);
      fast.packet(
          timestamp / 1_000_000_000L,
          (int) (timestamp % 1_000_000_000L),
          length + 4,
          window,
          10,
          length);
      general.write(timestamp, length + 4, data, 0, length);
      timestamp += 999_999_999L;
    }
    assertThat(fast.sizeWith(10)).isEqualTo(general.bytesWritten() + 16 + 10);
    fast.finish(CaptureStats.ZERO, 0);
    general.close();
    assertThat(ours.toByteArray()).isEqualTo(reference.toByteArray());
  }
}
