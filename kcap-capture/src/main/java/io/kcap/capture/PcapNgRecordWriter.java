package io.kcap.capture;

import io.kcap.pcap.Block;
import io.kcap.pcap.Option;
import io.kcap.pcap.OptionCode;
import io.kcap.pcap.PcapNgWriter;
import io.kcap.pcap.TimestampResolution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng through kcap-pcap's writer: a section with one interface block naming the interface
 * ({@code if_name}, {@code if_description}) with nanosecond {@code if_tsresol}, the packets as
 * Enhanced Packet Blocks, and, when the capture ends, an Interface Statistics Block with the
 * kernel's drop count ({@code isb_osdrop}) and the packets delivered ({@code isb_usrdeliv}).
 */
final class PcapNgRecordWriter implements RecordWriter {
  /** Enhanced Packet Block without its data: 28 bytes of header and fields, 4 of trailer. */
  private static final int PACKET_BLOCK_OVERHEAD = 32;

  private final PcapNgWriter writer;
  private final InstantSource clock;
  private boolean closed;

  PcapNgRecordWriter(WritableByteChannel channel, CaptureInfo info, InstantSource clock)
      throws IOException {
    this.clock = clock;
    writer = new PcapNgWriter(channel);
    writer.write(
        Block.SectionHeader.of(
            ByteOrder.LITTLE_ENDIAN,
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
  public void packet(long timestampNanos, int originalLength, ByteBuffer data) throws IOException {
    writer.writePacket(0, timestampNanos, originalLength, data, data.position(), data.remaining());
  }

  @Override
  public long sizeWith(int capturedLength) {
    return writer.bytesWritten() + PACKET_BLOCK_OVERHEAD + ((capturedLength + 3) & ~3);
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      writer.close();
    }
  }

  @Override
  public void finish(CaptureStats stats) throws IOException {
    if (closed) {
      return;
    }
    java.time.Instant at = clock.instant();
    long now = at.getEpochSecond() * 1_000_000_000L + at.getNano();
    writer.write(
        new Block.InterfaceStatistics(
            0,
            now,
            List.of(
                Option.int64(OptionCode.ISB_OSDROP, stats.drops(), ByteOrder.LITTLE_ENDIAN),
                Option.int64(OptionCode.ISB_USRDELIV, stats.packets(), ByteOrder.LITTLE_ENDIAN),
                Option.endOfOptions())));
    close();
  }
}
