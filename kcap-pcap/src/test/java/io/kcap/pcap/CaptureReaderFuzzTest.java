package io.kcap.pcap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * Fuzz targets, one per reader: whatever the bytes, reading them ends normally or with a {@link
 * PcapFormatException}; any other exception fails. In a normal build they run as regression tests
 * over the files in {@code CaptureReaderFuzzTestInputs/<method>/} (seeds and every crasher found);
 * {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=CaptureReaderFuzzTest} fuzzes for new ones.
 */
class CaptureReaderFuzzTest {
  private static final int LIMIT = 1 << 16;

  @FuzzTest(maxDuration = "30s")
  void pcapReaderFailsOnlyWithFormatErrors(byte[] input) throws IOException {
    try {
      CaptureReader reader = open(input);
      if (reader instanceof PcapReader pcap) {
        drain(pcap);
      }
      reader.close();
      copyAndSummarize(input);
    } catch (PcapFormatException expected) {
      // the one allowed failure
    }
  }

  @FuzzTest(maxDuration = "30s")
  void pcapngReaderFailsOnlyWithFormatErrors(byte[] input) throws IOException {
    try (CaptureReader reader = open(input)) {
      if (reader instanceof PcapNgReader pcapng) {
        try (PcapNgWriter writer = new PcapNgWriter(sink(), 64)) {
          do {
            Block block = pcapng.block();
            writer.writeRaw(pcapng.rawBlock());
            if (pcapng.isPacket()) {
              pcapng.packet();
              if (pcapng.hasTimestamp()) {
                pcapng.timestampNanos();
              }
            }
            if (block instanceof Block.InterfaceDescription description) {
              description.name();
            }
          } while (pcapng.nextBlock());
        }
      }
    } catch (PcapFormatException expected) {
      // the one allowed failure
    }
    try {
      copyAndSummarize(input);
    } catch (PcapFormatException expected) {
      // the one allowed failure
    }
  }

  private static CaptureReader open(byte[] input) throws IOException {
    return CaptureReader.open(Channels.newChannel(new ByteArrayInputStream(input)), 64, LIMIT);
  }

  private static void drain(CaptureReader reader) throws IOException {
    while (reader.next()) {
      reader.packet();
      reader.timestampNanos();
    }
  }

  /** The summary, every copy and conversion, and a merge of the file with itself. */
  private static void copyAndSummarize(byte[] input) throws IOException {
    try (CaptureReader reader = open(input)) {
      CaptureSummary.of(reader).duration();
    }
    for (CaptureFormat format : CaptureFormat.values()) {
      try (CaptureReader reader = open(input)) {
        CaptureFilter.builder()
            .format(format)
            .predicates(i -> (buffer, offset, length, original) -> length % 2 == 0)
            .build()
            .run(reader, sink());
      }
    }
    try (CaptureReader a = open(input);
        CaptureReader b = open(input)) {
      CaptureMerger.builder()
          .build()
          .merge(List.of(new CaptureMerger.Input("a", a), new CaptureMerger.Input("b", b)), sink());
    }
  }

  private static WritableByteChannel sink() {
    return new WritableByteChannel() {
      @Override
      public int write(ByteBuffer source) {
        int count = source.remaining();
        source.position(source.limit());
        return count;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
  }
}
