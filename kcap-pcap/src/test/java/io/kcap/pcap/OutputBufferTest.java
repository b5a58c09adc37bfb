package io.kcap.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputBufferTest {

  /** Collects what is written, a few bytes per call as a pipe may take them, on any thread. */
  private static final class Collector implements WritableByteChannel {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicInteger writes = new AtomicInteger();
    volatile boolean open = true;
    volatile String writerThread = "";

    @Override
    public synchronized int write(ByteBuffer source) {
      writes.incrementAndGet();
      writerThread = Thread.currentThread().getName();
      int count = Math.min(source.remaining(), 1000);
      byte[] chunk = new byte[count];
      source.get(chunk);
      bytes.write(chunk, 0, count);
      return count;
    }

    synchronized byte[] written() {
      return bytes.toByteArray();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }

  /** Fills an output with a mix of every kind of put, the same for any seed-equal run. */
  private static void fill(OutputBuffer out, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    ByteBuffer source = ByteBuffer.allocateDirect(10_000);
    for (int i = 0; i < source.capacity(); i++) {
      source.put(i, (byte) random.nextInt());
    }
    for (int i = 0; i < 3000; i++) {
      switch (random.nextInt(6)) {
        case 0 -> out.putInt(random.nextInt());
        case 1 -> out.putShort(random.nextInt());
        case 2 -> out.putLong(random.nextLong());
        case 3 -> {
          int length = random.nextInt(600);
          out.put(source, random.nextInt(source.capacity() - length), length);
        }
        case 4 -> {
          // Half the buffer or more: written straight from the source.
          int length = 2048 + random.nextInt(3000);
          out.put(source, random.nextInt(source.capacity() - length), length);
        }
        default -> out.zeros(random.nextInt(9));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void anAsynchronousOutputWritesTheSameBytesInTheSameOrderAsASynchronousOne(long seed)
      throws IOException {
    Collector synchronous = new Collector();
    Collector asynchronous = new Collector();
    OutputBuffer one = new OutputBuffer(synchronous, 4096, ByteOrder.LITTLE_ENDIAN, false);
    OutputBuffer other = new OutputBuffer(asynchronous, 4096, ByteOrder.LITTLE_ENDIAN, true);

    fill(one, seed);
    fill(other, seed);
    assertThat(other.bytesWritten()).isEqualTo(one.bytesWritten());
    one.close();
    other.close();

    assertThat(asynchronous.written()).isEqualTo(synchronous.written()).hasSizeGreaterThan(100_000);
    assertThat(asynchronous.writerThread).isEqualTo("kcap-writer");
    assertThat(asynchronous.open).isFalse();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void noWriteCrossesAMultipleOfTheWriteSizeInTheFile(boolean asynchronous) throws IOException {
    List<long[]> writes = new ArrayList<>();
    WritableByteChannel recorder =
        new WritableByteChannel() {
          long offset;

          @Override
          public synchronized int write(ByteBuffer source) {
            int count = source.remaining();
            source.position(source.limit());
            writes.add(new long[] {offset, offset + count});
            offset += count;
            return count;
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close() {}
        };
    OutputBuffer out = new OutputBuffer(recorder, 1 << 20, ByteOrder.BIG_ENDIAN, asynchronous);
    ByteBuffer source = ByteBuffer.allocateDirect(3 << 20);

    out.put(source, 0, 24); // a file header
    for (int i = 0; i < 10_000; i++) {
      out.put(source, 0, 333);
    }
    out.put(source, 7, 3 << 19); // a run written straight from the source
    out.close();

    long total = 24 + 10_000 * 333 + (3 << 19);
    assertThat(writes.getLast()[1]).isEqualTo(total);
    assertThat(writes)
        .hasSizeGreaterThan((int) (total / OutputBuffer.WRITE_SIZE))
        .allSatisfy(
            write ->
                assertThat(write[0] / OutputBuffer.WRITE_SIZE)
                    .as("write of [%d, %d)", write[0], write[1])
                    .isEqualTo((write[1] - 1) / OutputBuffer.WRITE_SIZE));
  }

  @Test
  void drainReturnsOnlyOnceTheChannelHasEveryByte() throws IOException {
    Collector channel = new Collector();
    OutputBuffer out = new OutputBuffer(channel, 4096, ByteOrder.BIG_ENDIAN, true);
    for (int i = 0; i < 10_000; i++) {
      out.putInt(i);
    }

    out.drain();

    byte[] written = channel.written();
    assertThat(written).hasSize(40_000);
    assertThat(ByteBuffer.wrap(written).getInt(4 * 9_999)).isEqualTo(9_999);
    assertThat(channel.open).isTrue();
  }

  @Test
  void aWriteThatFailsOnTheWriterThreadIsThrownToTheCallerAndTheChannelStillCloses() {
    AtomicInteger closes = new AtomicInteger();
    WritableByteChannel full =
        new WritableByteChannel() {
          @Override
          public int write(ByteBuffer source) throws IOException {
            throw new IOException("No space left on device");
          }

          @Override
          public boolean isOpen() {
            return closes.get() == 0;
          }

          @Override
          public void close() {
            closes.incrementAndGet();
          }
        };
    OutputBuffer out = new OutputBuffer(full, 4096, ByteOrder.BIG_ENDIAN, true);

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 10_000; i++) {
                out.putInt(i);
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessage("No space left on device");
    assertThatThrownBy(out::close)
        .isInstanceOf(IOException.class)
        .hasMessage("No space left on device");
    assertThat(closes).hasValue(1);
  }
}
