package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Bytes gathered in one large direct buffer and handed to a channel in big writes. Large runs that
 * are already in a buffer go to the channel directly, without a copy.
 */
final class OutputBuffer {
  private final WritableByteChannel channel;
  private final ByteBuffer buffer;
  private long bytesWritten;

  OutputBuffer(WritableByteChannel channel, int size, ByteOrder order) {
    this.channel = channel;
    this.buffer = ByteBuffer.allocateDirect(size).order(order);
  }

  void order(ByteOrder order) {
    buffer.order(order);
  }

  ByteOrder order() {
    return buffer.order();
  }

  int capacity() {
    return buffer.capacity();
  }

  /** Makes room for {@code count} contiguous bytes ({@code count} at most the capacity). */
  void ensure(int count) throws IOException {
    if (buffer.remaining() < count) {
      drain();
    }
  }

  void putShort(int value) throws IOException {
    ensure(2);
    buffer.putShort((short) value);
    bytesWritten += 2;
  }

  void putInt(int value) throws IOException {
    ensure(4);
    buffer.putInt(value);
    bytesWritten += 4;
  }

  void putLong(long value) throws IOException {
    ensure(8);
    buffer.putLong(value);
    bytesWritten += 8;
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
    bytesWritten += length;
  }

  /**
   * Copies {@code length} bytes of {@code source} from index {@code offset}; positions unchanged.
   */
  void put(ByteBuffer source, int offset, int length) throws IOException {
    if (length >= buffer.capacity() / 2) {
      drain();
      ByteBuffer run = source.slice(offset, length);
      while (run.hasRemaining()) {
        channel.write(run);
      }
      bytesWritten += length;
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
    bytesWritten += length;
  }

  void zeros(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      ensure(1);
      buffer.put((byte) 0);
    }
    bytesWritten += count;
  }

  long bytesWritten() {
    return bytesWritten;
  }

  void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  void close() throws IOException {
    try {
      drain();
    } finally {
      channel.close();
    }
  }
}
