package io.kcap.capture;

import io.kcap.capture.internal.RecordOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A record writer's output to any channel, e.g. standard output: every byte is written at once. */
final class ChannelOutput implements RecordOutput {
  private final WritableByteChannel channel;
  private final ByteBuffer buffer = RecordOutput.allocateBuffer();

  ChannelOutput(WritableByteChannel channel) {
    this.channel = channel;
  }

  @Override
  public ByteBuffer buffer() {
    return buffer;
  }

  @Override
  public int write(int length, boolean complete) throws IOException {
    ByteBuffer bytes = buffer.duplicate().limit(length).position(0);
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
