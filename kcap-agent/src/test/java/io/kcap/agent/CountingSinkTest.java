package io.kcap.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.capture.CaptureInfo;
import io.kcap.capture.CaptureStats;
import io.kcap.capture.PacketSink;
import io.kcap.pcap.LinkType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountingSinkTest {
  /** Keeps the lengths of the packets it is handed; fails writes once told to. */
  static final class Files implements PacketSink {
    final List<Integer> written = new ArrayList<>();
    final List<CaptureStats> counters = new ArrayList<>();
    boolean diskFull;

    @Override
    public void start(CaptureInfo capture) {}

    @Override
    public void packet(
        long seconds, int nanos, int originalLength, ByteBuffer frames, int offset, int length)
        throws IOException {
      if (diskFull) {
        throw new IOException("No space left on device");
      }
      written.add(length);
    }

    @Override
    public void flush() {}

    @Override
    public void counters(CaptureStats stats) {
      counters.add(stats);
    }

    @Override
    public void finish(CaptureStats stats) {}
  }

  private static ByteBuffer bytes(int length) {
    return ByteBuffer.allocate(length);
  }

  @Test
  void countsWhatItWritesAndTakesTheDropsFromTheEngine() throws IOException {
    Files files = new Files();
    CountingSink sink = new CountingSink(files, CaptureBudget.unlimited());
    sink.start(new CaptureInfo("cali1", "", LinkType.ETHERNET, 262144));

    sink.packet(1, 100, bytes(100));
    sink.packet(2, 1500, bytes(96));

    assertThat(sink.stats(7)).isEqualTo(new SessionStats(2, 196, 7, 0));
    assertThat(files.written).containsExactly(100, 96);
  }

  @Test
  void packetsBeyondTheSharedBudgetAreNotWritten() throws IOException {
    CaptureBudget budget = new CaptureBudget(3, Long.MAX_VALUE, () -> {});
    Files first = new Files();
    Files second = new Files();
    CountingSink a = new CountingSink(first, budget);
    CountingSink b = new CountingSink(second, budget);

    a.packet(1, 60, bytes(60));
    b.packet(2, 60, bytes(60));
    a.packet(3, 60, bytes(60));
    b.packet(4, 60, bytes(60));
    a.packet(5, 60, bytes(60));

    assertThat(first.written.size() + second.written.size()).isEqualTo(3);
    assertThat(a.stats(0).packets() + b.stats(0).packets()).isEqualTo(3);
    assertThat(budget.spent()).contains("maxPackets 3 reached");
  }

  @Test
  void aFailedWriteIsCountedAndReportedToTheEngine() throws IOException {
    Files files = new Files();
    CountingSink sink = new CountingSink(files, CaptureBudget.unlimited());
    sink.packet(1, 60, bytes(60));
    files.diskFull = true;

    assertThatThrownBy(() -> sink.packet(2, 60, bytes(60))).hasMessage("No space left on device");
    assertThat(sink.stats(0)).isEqualTo(new SessionStats(1, 60, 0, 1));
  }

  @Test
  void theEnginesCountersReachTheFilesSoThatEachPcapngFileEndsWithTheDrops() {
    Files files = new Files();
    CountingSink sink = new CountingSink(files, CaptureBudget.unlimited());

    sink.counters(new CaptureStats(10, 1000, 4));

    assertThat(files.counters).containsExactly(new CaptureStats(10, 1000, 4));
  }
}
