package io.kcap.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.InstantSource;

/** Writes one capture file or stream in one format; the sinks share it. */
interface RecordWriter {

  static RecordWriter open(
      CaptureFormat format, WritableByteChannel channel, CaptureInfo info, InstantSource clock)
      throws IOException {
    return switch (format) {
      case PCAP -> new PcapRecordWriter(channel, info);
      case PCAPNG -> new PcapNgRecordWriter(channel, info, clock);
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
}
