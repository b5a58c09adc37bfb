package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * A channel read in big chunks into one direct buffer, with the file offset of every buffered byte
 * known.
 *
 * <p>Readers parse records in place with absolute gets, so a record costs no system call and no
 * copy; the buffer only grows when one record is larger than it, up to the limit the reader checked
 * first, so memory stays independent of the file size.
 */
final class ChannelInput {
  static final int DEFAULT_BUFFER_SIZE = 1 << 20;

  private final ReadableByteChannel channel;
  private ByteBuffer buffer;

  /** Index of the first unread byte. */
  private int position;

  /** Index after the last valid byte. */
  private int limit;

  /** File offset of buffer index 0. */
  private long bufferStart;

  private boolean endOfInput;

  ChannelInput(ReadableByteChannel channel, int bufferSize) {
    this.channel = channel;
    this.buffer = Buffers.pageAligned(bufferSize + Buffers.PAGE);
  }

  /**
   * Makes {@code count} bytes available from the current position, reading as needed.
   *
   * @return the bytes available, fewer than {@code count} only at the end of the input
   */
  int require(int count) throws IOException {
    int available = limit - position;
    if (available >= count) {
      return count;
    }
    if (count > buffer.capacity() - Buffers.PAGE) {
      grow(count);
    } else if (buffer.capacity() - position < count) {
      compact();
    }
    while (limit - position < count && !endOfInput) {
      buffer.limit(buffer.capacity()).position(limit);
      int read = channel.read(buffer);
      if (read < 0) {
        endOfInput = true;
      } else {
        limit += read;
      }
    }
    return Math.min(count, limit - position);
  }

  /**
   * Moves the unread bytes to the front, keeping every byte at its file offset's place within a
   * page (see {@link Buffers#pageAligned}).
   */
  private void compact() {
    int target = (int) Math.floorMod(offset(), (long) Buffers.PAGE);
    int count = limit - position;
    if (target != position) {
      // Overlapping ranges of one buffer are copied as if through an intermediate buffer.
      buffer.put(target, buffer, position, count);
    }
    bufferStart = offset() - target;
    position = target;
    limit = target + count;
  }

  private void grow(int count) {
    long wanted = (long) count + Buffers.PAGE;
    int capacity =
        (int) Math.min(Long.highestOneBit(wanted - 1) << 1, Integer.MAX_VALUE - 2L * Buffers.PAGE);
    ByteBuffer bigger = Buffers.pageAligned(capacity).order(buffer.order());
    int target = (int) Math.floorMod(offset(), (long) Buffers.PAGE);
    bigger.put(target, buffer, position, limit - position);
    bufferStart = offset() - target;
    limit = target + limit - position;
    position = target;
    buffer = bigger;
  }

  /** Moves past {@code count} bytes that {@link #require} made available. */
  void skip(int count) {
    position += count;
  }

  /** Bytes buffered past the position, without reading. */
  int buffered() {
    return limit - position;
  }

  /** True when nothing is buffered and the channel has no more bytes. */
  boolean atEnd() throws IOException {
    return require(1) == 0;
  }

  int position() {
    return position;
  }

  /** File offset of the current position. */
  long offset() {
    return bufferStart + position;
  }

  /** File offset of a buffer index. */
  long offsetOf(int index) {
    return bufferStart + index;
  }

  /** The buffer itself; readers use absolute gets only and never move its position. */
  ByteBuffer buffer() {
    return buffer;
  }

  void order(ByteOrder order) {
    buffer.order(order);
  }

  ByteOrder order() {
    return buffer.order();
  }

  void close() throws IOException {
    channel.close();
  }
}
