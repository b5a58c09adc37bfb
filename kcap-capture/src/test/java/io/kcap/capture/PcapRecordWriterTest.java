package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.PcapWriter;
import io.kcap.pcap.TimestampPrecision;
import io.kcap.pcap.testing.PcapFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
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
      fast.packet(timestamp, length + 4, window);
      general.write(timestamp, length + 4, data, 0, length);
      timestamp += 999_999_999L;
    }
    assertThat(fast.sizeWith(10)).isEqualTo(general.bytesWritten() + 16 + 10);
    fast.finish(CaptureStats.ZERO, 0);
    general.close();
    assertThat(ours.toByteArray()).isEqualTo(reference.toByteArray());
  }

  private static final CaptureInfo INFO = new CaptureInfo("eth0", "", LinkType.ETHERNET, 262144);

  private static ByteBuffer frame(int fill, int length) {
    byte[] data = new byte[length];
    Arrays.fill(data, (byte) fill);
    return ByteBuffer.wrap(data);
  }

  @Test
  void aRehearsalLeavesNoTraceInTheFile() throws IOException {
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    ByteArrayOutputStream reference = new ByteArrayOutputStream();
    RecordWriter rehearsed =
        new PcapRecordWriter(new ChannelOutput(Channels.newChannel(ours)), INFO);
    RecordWriter plain =
        new PcapRecordWriter(new ChannelOutput(Channels.newChannel(reference)), INFO);
    rehearsed.packet(1_000, 70, frame(1, 60));
    plain.packet(1_000, 70, frame(1, 60));
    long sizeBefore = rehearsed.sizeWith(0);

    boolean ran =
        rehearsed.rehearse(
            3,
            3 * 60,
            () -> {
              for (int i = 0; i < 3; i++) {
                rehearsed.packet(2_000 + i, 60, frame(9, 60));
              }
            });
    assertThat(ran).isTrue();
    assertThat(rehearsed.sizeWith(0)).isEqualTo(sizeBefore);

    rehearsed.packet(3_000, 80, frame(2, 80));
    plain.packet(3_000, 80, frame(2, 80));
    rehearsed.finish(CaptureStats.ZERO, 0);
    plain.finish(CaptureStats.ZERO, 0);
    assertThat(ours.toByteArray()).isEqualTo(reference.toByteArray());
  }

  @Test
  void aRehearsalThatWouldNotFitTheBufferIsDeclinedUnrun() throws IOException {
    RecordWriter writer =
        new PcapRecordWriter(
            new ChannelOutput(Channels.newChannel(new ByteArrayOutputStream())), INFO);
    writer.packet(1_000, 60, frame(1, 60));
    AtomicInteger runs = new AtomicInteger();

    // The header (24) and one record (76) are in the buffer: 10,000 records of 100 bytes are not.
    assertThat(writer.rehearse(10_000, 10_000 * 100, runs::incrementAndGet)).isFalse();
    assertThat(runs).hasValue(0);
  }

  @Test
  void aRehearsalThatAddsMoreThanItAnnouncedFailsAndWritesNothingOfIt() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter writer = new PcapRecordWriter(new ChannelOutput(Channels.newChannel(out)), INFO);
    writer.packet(1_000, 60, frame(1, 60));

    assertThatThrownBy(
            () ->
                writer.rehearse(
                    1,
                    60,
                    () -> {
                      while (true) {
                        writer.packet(2_000, 9000, frame(9, 9000));
                      }
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rehearsal");
    writer.finish(CaptureStats.ZERO, 0);

    assertThat(out.size()).isEqualTo(24 + 16 + 60);
    assertThat(PcapFile.parse(ByteBuffer.wrap(out.toByteArray())).packets()).hasSize(1);
  }
}
