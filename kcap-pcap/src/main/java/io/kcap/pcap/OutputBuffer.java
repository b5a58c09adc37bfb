package io.kcap.pcap;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bytes gathered in one large direct buffer and handed to a channel in big writes. Large runs that
 * already are in a buffer go to the channel directly, without a copy.
 *
 * <p>Pending bytes start at the index that matches their file offset within a page, so that the
 * kernel copies them page-aligned (see {@link Buffers#pageAligned}).
 *
 * <p>An asynchronous output has two buffers: a full one is written by a writer thread while the
 * caller fills the other, so that the system time of writing (most of the cost of copying a file
 * that is in the page cache) is spent on another core. {@link #drain} still returns only once
 * everything is written, and a failed write is thrown by the next call that waits for it.
 */
final class OutputBuffer {
  /**
   * Bytes per write system call. Why not the whole buffer: on the development VM (Linux 6.18, ext4,
   * a virtio balloon that hands free memory back to the host) copying 1 GiB into a new file took
   * 1.5-1.8 s of system time in 1 MiB writes and 0.6-0.7 s in 64 KiB writes, run after run (with 16
   * KiB, 0.9 s). A write's size sets the size of the page-cache folios the kernel allocates for it,
   * and large ones come from memory the host has to fault back in. 64 KiB costs 16 system calls per
   * MiB, a few milliseconds per GiB where this does not matter.
   */
  static final int WRITE_SIZE = 64 * 1024;

  private final WritableByteChannel channel;
  private final boolean asynchronous;
  private ByteBuffer buffer;

  /** The other buffer of an asynchronous output, free once {@link #inFlight} is done. */
  private ByteBuffer spare;

  private ExecutorService writer;
  private Future<?> inFlight;

  /** Index of the first byte not yet handed to the channel. */
  private int base;

  /** Bytes handed to the channel so far. */
  private long flushed;

  OutputBuffer(WritableByteChannel channel, int size, ByteOrder order) {
    this(channel, size, order, false);
  }

  OutputBuffer(WritableByteChannel channel, int size, ByteOrder order, boolean asynchronous) {
    this.channel = channel;
    this.asynchronous = asynchronous;
    this.buffer = Buffers.pageAligned(size + Buffers.PAGE).order(order);
  }

  void order(ByteOrder order) {
    buffer.order(order);
    if (spare != null) {
      spare.order(order);
    }
  }

  ByteOrder order() {
    return buffer.order();
  }

  /** Makes room for {@code count} contiguous bytes ({@code count} at most the buffer size). */
  void ensure(int count) throws IOException {
    if (buffer.remaining() < count) {
      handOff();
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
        handOff();
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
      writeFully(source.slice(offset, length), flushed);
      flushed += length;
      restart();
      return;
    }
    int done = 0;
    while (done < length) {
      if (!buffer.hasRemaining()) {
        handOff();
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

  /** Hands every pending byte to the channel and returns once the channel has them all. */
  void drain() throws IOException {
    handOff();
    awaitWrite();
  }

  /**
   * Hands the pending bytes to the channel, or to the writer thread of an asynchronous output, and
   * starts the next batch.
   */
  private void handOff() throws IOException {
    int pending = buffer.position() - base;
    if (pending > 0) {
      ByteBuffer run = buffer.slice(base, pending);
      long at = flushed;
      if (asynchronous) {
        awaitWrite(); // the spare buffer is free again
        if (writer == null) {
          writer =
              Executors.newSingleThreadExecutor(
                  task -> Thread.ofPlatform().daemon().name("kcap-writer").unstarted(task));
          spare = Buffers.pageAligned(buffer.capacity()).order(buffer.order());
        }
        inFlight =
            writer.submit(
                () -> {
                  writeFully(run, at);
                  return null;
                });
        ByteBuffer full = buffer;
        buffer = spare;
        spare = full;
      } else {
        writeFully(run, at);
      }
      flushed += pending;
    }
    restart();
  }

  /**
   * Writes {@code run}, whose first byte goes to file offset {@code at}, in pieces that end at
   * multiples of {@link #WRITE_SIZE}.
   */
  private void writeFully(ByteBuffer run, long at) throws IOException {
    int done = 0;
    while (done < run.limit()) {
      int piece = (int) Math.min(run.limit() - done, WRITE_SIZE - (at + done) % WRITE_SIZE);
      ByteBuffer slice = run.slice(done, piece);
      while (slice.hasRemaining()) {
        channel.write(slice);
      }
      done += piece;
    }
  }

  /** Waits for the writer thread's write, if any, and throws what it failed with. */
  private void awaitWrite() throws IOException {
    if (inFlight == null) {
      return;
    }
    Future<?> write = inFlight;
    inFlight = null;
    try {
      write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a write");
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException failure -> throw failure;
        case RuntimeException failure -> throw failure;
        case Error failure -> throw failure;
        default -> throw new IOException(e.getCause());
      }
    }
  }

  private void restart() {
    base = (int) (flushed % Buffers.PAGE);
    buffer.clear().position(base);
  }

  void close() throws IOException {
    try {
      drain();
    } finally {
      if (writer != null) {
        writer.shutdownNow();
      }
      channel.close();
    }
  }
}
