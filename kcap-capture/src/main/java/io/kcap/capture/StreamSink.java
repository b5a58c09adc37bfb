package io.kcap.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Writes a capture to one channel, e.g. standard output for {@code kcap capture -w - | wireshark -k
 * -i -}: the packets of each ring block are handed on as soon as the block is read, so a live
 * reader sees them at once.
 */
public final class StreamSink implements PacketSink {
  private final WritableByteChannel channel;
  private final CaptureFormat format;
  private final InstantSource clock;
  private RecordWriter writer;
  private long packets;
  private long bytes;

  public StreamSink(WritableByteChannel channel, CaptureFormat format) {
    this(channel, format, InstantSource.system());
  }

  /**
   * @param clock the capture's start and end times in the statistics a pcapng stream ends with
   */
  public StreamSink(WritableByteChannel channel, CaptureFormat format, InstantSource clock) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.format = Objects.requireNonNull(format, "format");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void start(CaptureInfo capture) throws IOException {
    if (writer != null) {
      throw new IllegalStateException("stream sink already started");
    }
    writer =
        RecordWriter.open(format, new ChannelOutput(channel), capture, RecordWriter.nanos(clock));
    writer.flush();
  }

  @Override
  public void packet(
      long seconds, int nanos, int originalLength, ByteBuffer frames, int offset, int length)
      throws IOException {
    writer.packet(seconds, nanos, originalLength, frames, offset, length);
    packets++;
    bytes += length;
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  @Override
  public void finish(CaptureStats stats) throws IOException {
    writer.finish(new CaptureStats(packets, bytes, stats.drops()), RecordWriter.nanos(clock));
  }
}
