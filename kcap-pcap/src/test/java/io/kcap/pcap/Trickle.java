package io.kcap.pcap;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.SplittableRandom;

/** A channel that hands out its bytes a few at a time, as pipes and sockets do. */
final class Trickle implements ReadableByteChannel {
  private final ByteBuffer source;
  private final SplittableRandom random;
  private final int maxChunk;
  private boolean open = true;

  Trickle(byte[] bytes, int maxChunk, long seed) {
    this.source = ByteBuffer.wrap(bytes);
    this.maxChunk = maxChunk;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public int read(ByteBuffer target) {
    if (!source.hasRemaining()) {
      return -1;
    }
    int count =
        Math.min(Math.min(target.remaining(), source.remaining()), 1 + random.nextInt(maxChunk));
    ByteBuffer chunk = source.slice(source.position(), count);
    target.put(chunk);
    source.position(source.position() + count);
    return count;
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
