package io.kcap.capture;

import io.kcap.capture.internal.RecordOutput;
import io.kcap.pcap.Block;
import io.kcap.pcap.Option;
import io.kcap.pcap.OptionCode;
import io.kcap.pcap.PcapNgWriter;
import io.kcap.pcap.TimestampResolution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng through kcap-pcap's writer. Every file is one complete section: a Section Header Block,
 * one Interface Description Block naming the interface ({@code if_name}, {@code if_description})
 * with nanosecond {@code if_tsresol}, the packets as Enhanced Packet Blocks, and, when the file is
 * completed (the capture ends or the file is rotated), an Interface Statistics Block with the
 * kernel's drop count ({@code isb_osdrop}) and the packets written ({@code isb_usrdeliv}).
 *
 * <p>The statistics count from the start of the capture, as the pcapng specification defines them
 * and as Wireshark's dumpcap writes them into each file of a ring buffer: the last file's block
 * holds the capture's totals.
 */
final class PcapNgRecordWriter implements RecordWriter {
  private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
  private static final int OWN_BUFFER_SIZE = 64 * 1024;

  /** Enhanced Packet Block without its data: 28 bytes of header and fields, 4 of trailer. */
  private static final int PACKET_BLOCK_OVERHEAD = 32;

  /**
   * The Interface Statistics Block every file ends with: 8 bytes of header, interface id and
   * timestamp (12), four options of 8 bytes with their 4-byte headers (48), the end of options (4),
   * and the 4-byte trailer. A size limit leaves room for it.
   */
  static final int STATISTICS_BLOCK_LENGTH = 8 + 12 + 4 * 12 + 4 + 4;

  private final OutputChannel channel;
  private final PcapNgWriter writer;
  private final long captureStartNanos;
  private boolean closed;

  PcapNgRecordWriter(RecordOutput output, CaptureInfo info, long captureStartNanos)
      throws IOException {
    this.captureStartNanos = captureStartNanos;
    channel = new OutputChannel(output);
    // Its blocks are copied on into the output's large buffer: a small buffer of its own will do.
    writer = new PcapNgWriter(channel, OWN_BUFFER_SIZE);
    writer.write(
        Block.SectionHeader.of(
            ORDER,
            List.of(
                Option.string(OptionCode.SHB_USER_APPLICATION, "kcap"), Option.endOfOptions())));
    List<Option> options = new ArrayList<>();
    options.add(Option.string(OptionCode.IF_NAME, info.interfaceName()));
    if (!info.description().isEmpty()) {
      options.add(Option.string(OptionCode.IF_DESCRIPTION, info.description()));
    }
    options.add(
        new Option(
            OptionCode.IF_TSRESOL, new byte[] {(byte) TimestampResolution.NANOSECONDS.code()}));
    options.add(Option.endOfOptions());
    writer.write(new Block.InterfaceDescription(info.linkType(), info.snapLength(), options));
  }

  @Override
  public void packet(
      long seconds, int nanos, int originalLength, ByteBuffer frames, int offset, int length)
      throws IOException {
    writer.writePacket(0, seconds * 1_000_000_000L + nanos, originalLength, frames, offset, length);
  }

  @Override
  public long sizeWith(int capturedLength) {
    return writer.bytesWritten()
        + PACKET_BLOCK_OVERHEAD
        + ((capturedLength + 3) & ~3)
        + STATISTICS_BLOCK_LENGTH;
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
    channel.complete();
  }

  @Override
  public void finish(CaptureStats stats, long nowNanos) throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.write(
          new Block.InterfaceStatistics(
              0,
              nowNanos,
              List.of(
                  timestamp(OptionCode.ISB_STARTTIME, captureStartNanos),
                  timestamp(OptionCode.ISB_ENDTIME, nowNanos),
                  Option.int64(OptionCode.ISB_OSDROP, stats.drops(), ORDER),
                  Option.int64(OptionCode.ISB_USRDELIV, stats.packets(), ORDER),
                  Option.endOfOptions())));
    } finally {
      writer.close();
    }
  }

  /**
   * {@code isb_starttime} and {@code isb_endtime} are stored as an Enhanced Packet Block's
   * timestamp is, upper 32 bits first (pcapng specification, section 4.6), in the interface's
   * resolution: nanoseconds here.
   */
  private static Option timestamp(OptionCode code, long nanos) {
    return new Option(
        code,
        ByteBuffer.allocate(8)
            .order(ORDER)
            .putInt(0, (int) (nanos >>> 32))
            .putInt(4, (int) nanos)
            .array());
  }
}
