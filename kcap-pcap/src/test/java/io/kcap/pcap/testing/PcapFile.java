package io.kcap.pcap.testing;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A classic pcap file read whole, for comparing what kcap and tcpdump wrote. */
public record PcapFile(
    LinkType linkType, int snapLength, boolean nanoseconds, List<Packet> packets) {

  public static PcapFile read(Path file) throws IOException {
    return parse(ByteBuffer.wrap(Files.readAllBytes(file)));
  }

  public static PcapFile parse(ByteBuffer buffer) {
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    int magic = buffer.getInt();
    if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
      throw new IllegalArgumentException(
          "not a little-endian pcap file: " + Integer.toHexString(magic));
    }
    boolean nanos = magic == 0xA1B23C4D;
    buffer.position(16);
    int snapLength = buffer.getInt();
    LinkType linkType = new LinkType(buffer.getInt());
    List<Packet> packets = new ArrayList<>();
    while (buffer.remaining() >= 16) {
      long seconds = Integer.toUnsignedLong(buffer.getInt());
      long fraction = Integer.toUnsignedLong(buffer.getInt());
      int captured = buffer.getInt();
      int original = buffer.getInt();
      byte[] data = new byte[captured];
      buffer.get(data);
      long nanosOfSecond = nanos ? fraction : fraction * 1000;
      packets.add(new Packet(seconds * 1_000_000_000L + nanosOfSecond, original, 0, data));
    }
    if (buffer.hasRemaining()) {
      throw new IllegalArgumentException(buffer.remaining() + " stray bytes at the end");
    }
    return new PcapFile(linkType, snapLength, nanos, List.copyOf(packets));
  }

  /** Each packet as "original length: hex bytes", the form the comparisons use. */
  public List<String> records() {
    return packets.stream()
        .map(p -> p.originalLength() + ": " + HexFormat.of().formatHex(p.data()))
        .toList();
  }
}
