package io.kcap.capture;

import io.kcap.pcap.Block;
import io.kcap.pcap.CaptureReader;
import io.kcap.pcap.Option;
import io.kcap.pcap.OptionCode;
import io.kcap.pcap.PcapNgReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Every block of a pcapng file, section header included, read with kcap-pcap's reader. */
record PcapNgFile(List<Block> blocks) {

  static PcapNgFile read(Path file) throws IOException {
    return read(FileChannel.open(file));
  }

  static PcapNgFile parse(byte[] bytes) throws IOException {
    return read(Channels.newChannel(new ByteArrayInputStream(bytes)));
  }

  private static PcapNgFile read(ReadableByteChannel channel) throws IOException {
    List<Block> blocks = new ArrayList<>();
    try (PcapNgReader reader = PcapNgReader.open(channel)) {
      blocks.add(reader.block());
      while (reader.nextBlock()) {
        blocks.add(reader.block());
      }
    }
    return new PcapNgFile(List.copyOf(blocks));
  }

  /** The packets of any capture file as "original length: hex bytes", read by kcap-pcap. */
  static List<String> records(Path file) throws IOException {
    List<String> records = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(file)) {
      while (reader.next()) {
        byte[] data = new byte[reader.capturedLength()];
        reader.buffer().get(reader.dataOffset(), data);
        records.add(reader.originalLength() + ": " + HexFormat.of().formatHex(data));
      }
    }
    return records;
  }

  /** The block types in order, e.g. [SectionHeader, InterfaceDescription, EnhancedPacket, ...]. */
  List<String> layout() {
    return blocks.stream().map(b -> b.getClass().getSimpleName()).toList();
  }

  List<Block.InterfaceDescription> interfaces() {
    return blocks.stream()
        .filter(Block.InterfaceDescription.class::isInstance)
        .map(Block.InterfaceDescription.class::cast)
        .toList();
  }

  List<Block.EnhancedPacket> packets() {
    return blocks.stream()
        .filter(Block.EnhancedPacket.class::isInstance)
        .map(Block.EnhancedPacket.class::cast)
        .toList();
  }

  List<String> records() {
    return packets().stream()
        .map(p -> p.originalLength() + ": " + HexFormat.of().formatHex(p.data()))
        .toList();
  }

  /** The statistics block the file ends with; fails when the last block is another. */
  Block.InterfaceStatistics statistics() {
    return (Block.InterfaceStatistics) blocks.getLast();
  }

  static Option option(List<Option> options, OptionCode code) {
    return options.stream()
        .filter(o -> o.code().equals(code))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no option " + code.value() + " in " + options));
  }

  /** A 64-bit counter option, little-endian as kcap writes its sections. */
  static long counter(Block.InterfaceStatistics statistics, OptionCode code) {
    return ByteBuffer.wrap(option(statistics.options(), code).value())
        .order(ByteOrder.LITTLE_ENDIAN)
        .getLong();
  }

  /** A timestamp option (upper 32 bits first), in the interface's units. */
  static long timestamp(Block.InterfaceStatistics statistics, OptionCode code) {
    ByteBuffer value =
        ByteBuffer.wrap(option(statistics.options(), code).value()).order(ByteOrder.LITTLE_ENDIAN);
    return Integer.toUnsignedLong(value.getInt(0)) << 32 | Integer.toUnsignedLong(value.getInt(4));
  }
}
