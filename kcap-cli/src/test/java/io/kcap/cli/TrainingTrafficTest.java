package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.pcap.CaptureReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic the launcher trains the capture's AOT cache with, seen by a real capture of the
 * loopback interface: a flood of 60-byte UDP frames from 127.0.0.1 to 127.0.0.1.
 */
class TrainingTrafficTest {
  private static final int PACKETS = 20_000;

  @TempDir Path dir;

  @Test
  void aCaptureOfLoopbackSeesAFloodOfSixtyByteUdpFrames() throws Exception {
    AtomicLong sent = new AtomicLong();
    AtomicReference<Exception> sendFailure = new AtomicReference<>();
    Thread traffic =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    sent.set(TrainingTraffic.send(3_000_000_000L));
                  } catch (Exception e) {
                    sendFailure.set(e);
                  }
                });
    Path file = dir.resolve("training.pcap");
    StringWriter err = new StringWriter();
    int exitCode =
        KcapMain.execute(
            new String[] {
              "capture",
              "-i",
              "lo",
              "-c",
              String.valueOf(PACKETS),
              "--duration",
              "20s",
              "-w",
              file.toString(),
              "udp"
            },
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    traffic.join();

    // A failure on the sending thread would otherwise show only as too few packets sent.
    assertThat(sendFailure.get()).isNull();

    assertThat(exitCode).as(err.toString()).isZero();
    // Reaching the count, not the duration: the flood is well over PACKETS in three seconds.
    assertThat(err.toString()).contains(PACKETS + " packets captured");
    assertThat(sent.get()).isGreaterThanOrEqualTo(PACKETS);
    int packets = 0;
    int trainingFrames = 0;
    try (CaptureReader reader = CaptureReader.open(file)) {
      while (reader.next()) {
        packets++;
        if (isTrainingFrame(reader.buffer(), reader.dataOffset(), reader.capturedLength())) {
          trainingFrames++;
        }
      }
    }
    assertThat(packets).isEqualTo(PACKETS);
    // Anything else on the machine's loopback lands in the capture too, but it is a trickle.
    assertThat(trainingFrames).isGreaterThanOrEqualTo(PACKETS * 95 / 100);
  }

  /**
   * An Ethernet frame of 60 bytes holding IPv4 UDP from 127.0.0.1 to 127.0.0.1, 18 bytes of data.
   */
  private static boolean isTrainingFrame(ByteBuffer data, int offset, int length) {
    ByteBuffer frame = data.duplicate().order(ByteOrder.BIG_ENDIAN);
    return length == 60
        && frame.getShort(offset + 12) == 0x0800
        && frame.get(offset + 23) == 17
        && frame.getInt(offset + 26) == 0x7F000001
        && frame.getInt(offset + 30) == 0x7F000001
        && frame.getShort(offset + 38) == 8 + TrainingTraffic.PAYLOAD_BYTES;
  }
}
