package io.kcap.capture;

import io.kcap.capture.internal.RecordOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link RecordOutput} seen as a channel, for kcap-pcap's pcapng writer: what it writes is copied
 * into the output's buffer, and {@link #complete} hands it all on.
 */
final class OutputChannel implements WritableByteChannel {
  private final RecordOutput output;
  private final ByteBuffer buffer;
  private int position;
  private boolean open = true;

  OutputChannel(RecordOutput output) {
    this.output = output;
    this.buffer = output.buffer();
  }

  @Override
  public int write(ByteBuffer source) throws IOException {
    int count = source.remaining();
    while (source.hasRemaining()) {
      if (position == buffer.capacity()) {
        position = output.write(position, false);
      }
      int piece = Math.min(source.remaining(), buffer.capacity() - position);
      buffer.put(position, source, source.position(), piece);
      source.position(source.position() + piece);
      position += piece;
    }
    return count;
  }

  /** Writes everything written so far to the file or stream. */
  void complete() throws IOException {
    position = output.write(position, true);
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  /** Completes the output and closes it. */
  @Override
  public void close() throws IOException {
    if (!open) {
      return;
    }
    open = false;
    try {
      complete();
    } finally {
      output.close();
    }
  }
}
