package io.kcap.pcap.testing;

import java.nio.ByteBuffer;

/** Builds link, network and transport headers byte by byte, for packets real traffic lacks. */
public final class Frames {
  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_IPV6 = 0x86dd;
  public static final int ETHERTYPE_ARP = 0x0806;
  public static final int ETHERTYPE_VLAN = 0x8100;

  private Frames() {}

  public static byte[] ethernet(int etherType, byte[] payload) {
    return ByteBuffer.allocate(14 + payload.length)
        .put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1})
        .putShort((short) etherType)
        .put(payload)
        .array();
  }

  public static byte[] vlan(int vlanId, int etherType, byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length)
        .putShort((short) vlanId)
        .putShort((short) etherType)
        .put(payload)
        .array();
  }

  /**
   * An IPv4 header with {@code optionWords} 4-byte words of options (NOPs), then the payload.
   *
   * @param fragment the flags and fragment offset field (0x2000 = more fragments)
   */
  public static byte[] ipv4(int protocol, int fragment, int optionWords, byte[] payload) {
    int headerLength = 20 + 4 * optionWords;
    ByteBuffer ip = ByteBuffer.allocate(headerLength + payload.length);
    ip.put((byte) (0x40 | (headerLength / 4)))
        .put((byte) 0)
        .putShort((short) (headerLength + payload.length))
        .putShort((short) 0x1234)
        .putShort((short) fragment)
        .put((byte) 64)
        .put((byte) protocol)
        .putShort((short) 0)
        .put(new byte[] {10, (byte) 201, 0, 1})
        .put(new byte[] {10, (byte) 201, 0, 2});
    for (int i = 0; i < optionWords * 4; i++) {
      ip.put((byte) 1);
    }
    return ip.put(payload).array();
  }

  public static byte[] ipv6(int nextHeader, byte[] payload) {
    ByteBuffer ip = ByteBuffer.allocate(40 + payload.length);
    ip.putInt(0x60000000).putShort((short) payload.length).put((byte) nextHeader).put((byte) 64);
    ip.put(new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    ip.put(new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
    return ip.put(payload).array();
  }

  /** An IPv6 fragment header (RFC 8200 section 4.5) followed by the fragment's bytes. */
  public static byte[] ipv6Fragment(int nextHeader, int offsetAndFlags, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length)
        .put((byte) nextHeader)
        .put((byte) 0)
        .putShort((short) offsetAndFlags)
        .putInt(0x00abcdef)
        .put(payload)
        .array();
  }

  /** A transport header that starts with the two ports (TCP, UDP, SCTP, UDP-Lite), padded. */
  public static byte[] ports(int source, int destination, int length) {
    ByteBuffer transport = ByteBuffer.allocate(Math.max(length, 4));
    transport.putShort((short) source).putShort((short) destination);
    for (int i = 4; i < transport.capacity(); i++) {
      transport.put((byte) (i * 7));
    }
    return transport.array();
  }

  public static byte[] arpRequest() {
    return ByteBuffer.allocate(28)
        .putShort((short) 1)
        .putShort((short) ETHERTYPE_IPV4)
        .put((byte) 6)
        .put((byte) 4)
        .putShort((short) 1)
        .put(new byte[] {2, 0, 0, 0, 0, 1, 10, (byte) 201, 0, 1})
        .put(new byte[] {0, 0, 0, 0, 0, 0, 10, (byte) 201, 0, 2})
        .array();
  }

  /** An IPv6 hop-by-hop options header (RFC 8200 section 4.3) padded to 8 bytes. */
  public static byte[] hopByHop(int nextHeader, byte[] payload) {
    byte[] header = new byte[8 + payload.length];
    header[0] = (byte) nextHeader;
    header[2] = 1; // PadN option filling the header
    header[3] = 4;
    System.arraycopy(payload, 0, header, 8, payload.length);
    return header;
  }
}
