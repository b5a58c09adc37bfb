package io.kcap.capture;

import io.kcap.pcap.PcapWriter;
import io.kcap.pcap.TimestampPrecision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Writes one capture file or stream in one format; the sinks share it. */
interface RecordWriter {

  static RecordWriter open(CaptureFormat format, WritableByteChannel channel, CaptureInfo info) {
    return switch (format) {
      case PCAP -> new Pcap(channel, info);
    };
  }

  void packet(long timestampNanos, int originalLength, ByteBuffer data) throws IOException;

  /** Bytes the file will have once a packet of {@code capturedLength} bytes is added. */
  long sizeWith(int capturedLength);

  void flush() throws IOException;

  /** Completes the file and closes its channel. */
  void close() throws IOException;

  /** Completes the file with the capture's final counters (where the format has room for them). */
  void finish(CaptureStats stats) throws IOException;

  /** Classic pcap through kcap-pcap's allocation-free writer. */
  final class Pcap implements RecordWriter {
    private static final int RECORD_HEADER = 16;
    private final PcapWriter writer;

    Pcap(WritableByteChannel channel, CaptureInfo info) {
      writer =
          new PcapWriter(
              channel, info.linkType(), info.snapLength(), TimestampPrecision.NANOSECONDS);
    }

    @Override
    public void packet(long timestampNanos, int originalLength, ByteBuffer data)
        throws IOException {
      writer.write(timestampNanos, originalLength, data);
    }

    @Override
    public long sizeWith(int capturedLength) {
      return writer.bytesWritten() + RECORD_HEADER + capturedLength;
    }

    @Override
    public void flush() throws IOException {
      writer.flush();
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }

    @Override
    public void finish(CaptureStats stats) throws IOException {
      writer.close();
    }
  }
}
