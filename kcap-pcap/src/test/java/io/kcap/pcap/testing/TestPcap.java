package io.kcap.pcap.testing;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The few lines of classic pcap these tests need to hand packets to tcpdump and read its output;
 * kept here so the interpreter's tests do not depend on kcap's own file readers.
 */
public final class TestPcap {
  private TestPcap() {}

  public static void write(Path file, LinkType linkType, int snapLength, List<Packet> packets)
      throws IOException {
    int size = 24;
    for (Packet packet : packets) {
      size += 16 + packet.capturedLength();
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    out.putInt(snapLength).putInt(linkType.value());
    for (Packet packet : packets) {
      out.putInt((int) (packet.timestampNanos() / 1_000_000_000L));
      out.putInt((int) (packet.timestampNanos() % 1_000_000_000L));
      out.putInt(packet.capturedLength()).putInt(packet.originalLength());
      out.put(packet.data());
    }
    Files.write(file, out.array());
  }

  public static List<Packet> read(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int magic = in.getInt(0);
    if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
      in.order(ByteOrder.BIG_ENDIAN);
      magic = Integer.reverseBytes(magic);
    }
    long fractionToNanos =
        switch (magic) {
          case 0xa1b2c3d4 -> 1000L;
          case 0xa1b23c4d -> 1L;
          default -> throw new IOException(file + ": not a pcap file");
        };
    in.position(24);
    List<Packet> packets = new ArrayList<>();
    while (in.remaining() >= 16) {
      long seconds = Integer.toUnsignedLong(in.getInt());
      long fraction = Integer.toUnsignedLong(in.getInt());
      int captured = in.getInt();
      int original = in.getInt();
      byte[] data = new byte[captured];
      in.get(data);
      packets.add(
          new Packet(seconds * 1_000_000_000L + fraction * fractionToNanos, original, 0, data));
    }
    return packets;
  }
}
