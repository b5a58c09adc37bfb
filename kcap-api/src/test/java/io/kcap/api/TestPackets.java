package io.kcap.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Hand-built Ethernet frames written to a pcap file, so that tcpdump can be asked which of them a
 * generated expression keeps. Packet {@code i} (from 1) has timestamp {@code i} seconds, which
 * names it in tcpdump's {@code -tt} output.
 */
final class TestPackets {
  private TestPackets() {}

  /**
   * @param laterFragment an IPv4 fragment other than the first, whose transport header is elsewhere
   * @param ipOptions an IPv4 header with 4 bytes of options, so the transport header starts later
   */
  record TestPacket(
      int ipVersion,
      int protocol,
      int sourcePort,
      int destinationPort,
      boolean laterFragment,
      boolean ipOptions) {
    static TestPacket of(int ipVersion, int protocol, int sourcePort, int destinationPort) {
      return new TestPacket(ipVersion, protocol, sourcePort, destinationPort, false, false);
    }

    static TestPacket of(int ipVersion, int protocol) {
      return of(ipVersion, protocol, 0, 0);
    }

    boolean hasPorts() {
      return protocol == 6 || protocol == 17 || protocol == 132 || protocol == 136;
    }

    byte[] frame() {
      byte[] transport = transport();
      ByteBuffer ip = ipVersion == 4 ? ipv4(transport) : ipv6(transport);
      ByteBuffer frame = ByteBuffer.allocate(14 + ip.capacity());
      frame.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
      frame.putShort((short) (ipVersion == 4 ? 0x0800 : 0x86dd));
      frame.put(ip.array());
      return frame.array();
    }

    private byte[] transport() {
      ByteBuffer header =
          ByteBuffer.allocate(
              switch (protocol) {
                case 6 -> 20;
                case 17, 136 -> 8;
                case 132 -> 12;
                default -> 8;
              });
      if (hasPorts()) {
        header.putShort((short) sourcePort).putShort((short) destinationPort);
      }
      if (protocol == 6) {
        header.put(12, (byte) 0x50); // data offset: 5 words, no options
      } else if (protocol == 1 || protocol == 58) {
        header.put(0, (byte) (protocol == 1 ? 8 : 128)); // echo request
      }
      return header.array();
    }

    private ByteBuffer ipv4(byte[] transport) {
      int headerLength = ipOptions ? 24 : 20;
      ByteBuffer ip = ByteBuffer.allocate(headerLength + transport.length);
      ip.put((byte) (0x40 | headerLength / 4)).put((byte) 0);
      ip.putShort((short) ip.capacity()).putShort((short) 1);
      ip.putShort((short) (laterFragment ? 185 : 0)); // fragment offset in 8-byte units
      ip.put((byte) 64).put((byte) protocol).putShort((short) 0);
      ip.put(new byte[] {10, (byte) 201, 0, 1}).put(new byte[] {10, (byte) 201, 0, 2});
      if (ipOptions) {
        ip.put(new byte[] {1, 1, 1, 0}); // NOP NOP NOP End-of-options
      }
      return ip.put(transport);
    }

    private ByteBuffer ipv6(byte[] transport) {
      ByteBuffer ip = ByteBuffer.allocate(40 + transport.length);
      ip.putInt(0x60000000).putShort((short) transport.length);
      ip.put((byte) protocol).put((byte) 64);
      byte[] source = new byte[16];
      byte[] destination = new byte[16];
      source[0] = destination[0] = (byte) 0xfd;
      source[15] = 1;
      destination[15] = 2;
      return ip.put(source).put(destination).put(transport);
    }
  }

  /** A pcap file (Ethernet) of {@code packets}, packet i at i seconds. */
  static void write(Path file, List<TestPacket> packets) throws IOException {
    int size = 24 + packets.stream().mapToInt(p -> 16 + p.frame().length).sum();
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4);
    out.putInt(0).putInt(0).putInt(262144).putInt(1); // LINKTYPE_ETHERNET
    for (int i = 0; i < packets.size(); i++) {
      byte[] frame = packets.get(i).frame();
      out.putInt(i + 1).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
    }
    Files.write(file, out.array());
  }
}
