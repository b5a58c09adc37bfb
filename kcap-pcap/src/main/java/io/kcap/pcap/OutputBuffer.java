package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Bytes gathered in one large direct buffer and handed to a channel in big writes. Large runs that
 * already are in a buffer go to the channel directly, without a copy.
 *
 * <p>Pending bytes start at the index that matches their file offset within a page, so that the
 * kernel copies them page-aligned (see {@link Buffers#pageAligned}).
 */
final class OutputBuffer {
  private final WritableByteChannel channel;
  private final ByteBuffer buffer;

  /** Index of the first byte not yet handed to the channel. */
  private int base;

  /** Bytes handed to the channel so far. */
  private long flushed;

  OutputBuffer(WritableByteChannel channel, int size, ByteOrder order) {
    this.channel = channel;
    this.buffer = Buffers.pageAligned(size + Buffers.PAGE).order(order);
  }

  void order(ByteOrder order) {
    buffer.order(order);
  }

  ByteOrder order() {
    return buffer.order();
  }

  /** Makes room for {@code count} contiguous bytes ({@code count} at most the buffer size). */
  void ensure(int count) throws IOException {
    if (buffer.remaining() < count) {
      drain();
    }
  }

  void putShort(int value) throws IOException {
    ensure(2);
    buffer.putShort((short) value);
  }

  void putInt(int value) throws IOException {
    ensure(4);
    buffer.putInt(value);
  }

  void putLong(long value) throws IOException {
    ensure(8);
    buffer.putLong(value);
  }

  void put(byte[] source, int offset, int length) throws IOException {
    int done = 0;
    while (done < length) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int chunk = Math.min(length - done, buffer.remaining());
      buffer.put(source, offset + done, chunk);
      done += chunk;
    }
  }

  /**
   * Copies {@code length} bytes of {@code source} from index {@code offset}; its position and limit
   * are neither used nor changed. Runs of half the buffer or more are written straight from {@code
   * source}.
   */
  void put(ByteBuffer source, int offset, int length) throws IOException {
    if (length >= buffer.capacity() / 2) {
      drain();
      ByteBuffer run = source.slice(offset, length);
      while (run.hasRemaining()) {
        channel.write(run);
      }
      flushed += length;
      restart();
      return;
    }
    int done = 0;
    while (done < length) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int chunk = Math.min(length - done, buffer.remaining());
      buffer.put(buffer.position(), source, offset + done, chunk);
      buffer.position(buffer.position() + chunk);
      done += chunk;
    }
  }

  void zeros(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      ensure(1);
      buffer.put((byte) 0);
    }
  }

  /** Bytes written so far, whether or not they were handed to the channel. */
  long bytesWritten() {
    return flushed + buffer.position() - base;
  }

  /** Hands every pending byte to the channel. */
  void drain() throws IOException {
    int pending = buffer.position() - base;
    if (pending > 0) {
      ByteBuffer run = buffer.slice(base, pending);
      while (run.hasRemaining()) {
        channel.write(run);
      }
      flushed += pending;
    }
    restart();
  }

  private void restart() {
    base = (int) (flushed % Buffers.PAGE);
    buffer.clear().position(base);
  }

  void close() throws IOException {
    try {
      drain();
    } finally {
      channel.close();
    }
  }
}
