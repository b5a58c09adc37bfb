package io.kcap.capture.testing;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import io.kcap.pcap.testing.Frames;
import io.kcap.pcap.testing.TestPcap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A capture of real traffic, made by tcpdump on one end of a veth pair between two network
 * namespaces created for the purpose: IPv4 and IPv6 TCP and UDP, fragmented UDP and ICMP, ICMP and
 * ICMPv6 echo and port-unreachable errors quoting UDP and UDP-Lite headers, UDP-Lite, ARP and
 * neighbour discovery. Hand-built frames the kernel here cannot send (SCTP, VLAN tags, IPv4
 * options, IPv6 hop-by-hop) are appended. Packet {@code i} is re-stamped at {@code i + 1} seconds
 * so that tcpdump's output can be matched back to it.
 */
public final class RealTrafficCorpus {
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_RAW = 3;
  private static final int IPPROTO_ICMP = 1;
  private static final int IPPROTO_UDPLITE = 136;

  private final List<Packet> packets;
  private final Path file;
  private final List<Packet> truncatedPackets;
  private final Path truncatedFile;

  private RealTrafficCorpus(
      List<Packet> packets, Path file, List<Packet> truncatedPackets, Path truncatedFile) {
    this.packets = packets;
    this.file = file;
    this.truncatedPackets = truncatedPackets;
    this.truncatedFile = truncatedFile;
  }

  /** The whole packets. */
  public List<Packet> packets() {
    return packets;
  }

  public Path file() {
    return file;
  }

  /** The same packets cut to {@link #TRUNCATED_SNAP_LENGTH} bytes, as a short snap length does. */
  public List<Packet> truncatedPackets() {
    return truncatedPackets;
  }

  public Path truncatedFile() {
    return truncatedFile;
  }

  /** Ethernet 14 + IPv4 20 + 20 leaves IPv4 ports in and cuts IPv6 right before them. */
  public static final int TRUNCATED_SNAP_LENGTH = 54;

  /** Captures the traffic into {@code directory}; the namespaces are gone when this returns. */
  public static RealTrafficCorpus capture(Path directory) throws Exception {
    String suffix =
        HexFormat.of().toHexDigits((short) ProcessHandle.current().pid())
            + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt());
    Netns a = Netns.create("kcap-bpf-a-" + suffix);
    Netns b;
    try {
      b = Netns.create("kcap-bpf-b-" + suffix);
    } catch (IOException e) {
      a.delete();
      throw e;
    }
    Path raw = directory.resolve("captured.pcap");
    try {
      String vethA = "kba" + suffix;
      String vethB = "kbb" + suffix;
      Netns.run(
          "ip", "link", "add", vethA, "netns", a.name(), "type", "veth", "peer", "name", vethB,
          "netns", b.name());
      for (Netns ns : List.of(a, b)) {
        ns.ip("link", "set", "lo", "up");
      }
      a.ip("addr", "add", "10.201.77.1/24", "dev", vethA);
      b.ip("addr", "add", "10.201.77.2/24", "dev", vethB);
      a.ip("-6", "addr", "add", "fd00:77::1/64", "dev", vethA, "nodad");
      b.ip("-6", "addr", "add", "fd00:77::2/64", "dev", vethB, "nodad");
      a.ip("link", "set", vethA, "up");
      b.ip("link", "set", vethB, "up");

      Process tcpdump =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  a.name(),
                  "tcpdump",
                  "-i",
                  vethA,
                  "-U",
                  "--immediate-mode",
                  "-w",
                  raw.toString())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      try {
        awaitListening(tcpdump);
        generateTraffic(a, b);
        Thread.sleep(500); // let the last replies and errors arrive
      } finally {
        tcpdump.destroy();
        if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
          tcpdump.destroyForcibly();
        }
      }
    } finally {
      try {
        a.delete();
      } finally {
        b.delete();
      }
    }

    List<Packet> frames = new ArrayList<>(TestPcap.read(raw));
    frames.addAll(handBuiltFrames());
    List<Packet> packets = new ArrayList<>();
    List<Packet> truncated = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      Packet frame = frames.get(i);
      long stamp = (i + 1) * 1_000_000_000L;
      packets.add(new Packet(stamp, frame.originalLength(), 0, frame.data()));
      truncated.add(
          new Packet(
              stamp,
              frame.originalLength(),
              0,
              Arrays.copyOf(
                  frame.data(), Math.min(frame.capturedLength(), TRUNCATED_SNAP_LENGTH))));
    }
    Path file = directory.resolve("corpus.pcap");
    TestPcap.write(file, LinkType.ETHERNET, 262144, packets);
    Path truncatedFile = directory.resolve("corpus-truncated.pcap");
    TestPcap.write(truncatedFile, LinkType.ETHERNET, TRUNCATED_SNAP_LENGTH, truncated);
    return new RealTrafficCorpus(packets, file, truncated, truncatedFile);
  }

  private static void awaitListening(Process tcpdump) throws IOException {
    BufferedReader errors =
        new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = errors.readLine()) != null; ) {
      if (line.contains("listening on")) {
        return;
      }
      seen.append(line).append('\n');
    }
    throw new IOException("tcpdump did not start: " + seen);
  }

  private static void generateTraffic(Netns a, Netns b) throws Exception {
    InetAddress a4 = InetAddress.getByName("10.201.77.1");
    InetAddress b4 = InetAddress.getByName("10.201.77.2");
    InetAddress a6 = InetAddress.getByName("fd00:77::1");
    InetAddress b6 = InetAddress.getByName("fd00:77::2");

    // TCP conversations, IPv4 and IPv6, then a connection refused (RST).
    for (InetSocketAddress server :
        List.of(
            new InetSocketAddress(b4, 80),
            new InetSocketAddress(b4, 443),
            new InetSocketAddress(b4, 8080),
            new InetSocketAddress(b6, 80),
            new InetSocketAddress(b6, 8443))) {
      tcpConversation(a, b, server);
    }
    try (SocketChannel refused = a.call(() -> SocketChannel.open(StandardProtocolFamily.INET))) {
      refused.connect(new InetSocketAddress(b4, 9999));
      throw new IllegalStateException("nothing should listen on port 9999");
    } catch (java.net.ConnectException expected) {
      // the RST is what the corpus wanted
    }

    // UDP request and reply on port 53, small and fragmented, both IP versions.
    udpExchange(a, b, new InetSocketAddress(a4, 0), new InetSocketAddress(b4, 53));
    udpExchange(a, b, new InetSocketAddress(a6, 0), new InetSocketAddress(b6, 53));

    // UDP to closed ports: ICMP and ICMPv6 port unreachable quoting the UDP header.
    for (InetSocketAddress closed :
        List.of(
            new InetSocketAddress(a4, 53),
            new InetSocketAddress(a6, 53),
            new InetSocketAddress(a4, 8000))) {
      try (DatagramChannel sender =
          b.call(
              () ->
                  DatagramChannel.open(
                      closed.getAddress() instanceof java.net.Inet4Address
                          ? StandardProtocolFamily.INET
                          : StandardProtocolFamily.INET6))) {
        sender.send(ByteBuffer.wrap(new byte[64]), closed);
      }
    }

    // ICMP and ICMPv6 echo, then an echo too big for one frame.
    if (!a.call(() -> b4.isReachable(2000)) || !a.call(() -> b6.isReachable(2000))) {
      throw new IllegalStateException("the other namespace does not answer pings");
    }
    a.sendTo(AF_INET, SOCK_RAW, IPPROTO_ICMP, sockaddrIn(b4, 0), icmpEcho(3000));

    // UDP-Lite (nobody listens: the replies are port-unreachable errors quoting it).
    a.sendTo(AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE, sockaddrIn(b4, 53), new byte[100]);
    a.sendTo(AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE, sockaddrIn(b4, 8080), new byte[3000]);
    a.sendTo(AF_INET6, SOCK_DGRAM, IPPROTO_UDPLITE, sockaddrIn6(b6, 53), new byte[100]);
    a.sendTo(AF_INET6, SOCK_DGRAM, IPPROTO_UDPLITE, sockaddrIn6(b6, 8000), new byte[3000]);
  }

  private static void tcpConversation(Netns client, Netns server, InetSocketAddress address)
      throws Exception {
    StandardProtocolFamily family =
        address.getAddress().getAddress().length == 4
            ? StandardProtocolFamily.INET
            : StandardProtocolFamily.INET6;
    try (ServerSocketChannel listener =
            server.call(() -> ServerSocketChannel.open(family).bind(address));
        SocketChannel connection = client.call(() -> SocketChannel.open(family))) {
      connection.connect(address);
      try (SocketChannel accepted = listener.accept()) {
        connection.write(ByteBuffer.wrap(new byte[1000]));
        readFully(accepted, 1000);
        accepted.write(ByteBuffer.wrap(new byte[2000]));
        readFully(connection, 2000);
      }
    }
  }

  private static void udpExchange(
      Netns client, Netns server, InetSocketAddress from, InetSocketAddress to) throws Exception {
    StandardProtocolFamily family =
        to.getAddress().getAddress().length == 4
            ? StandardProtocolFamily.INET
            : StandardProtocolFamily.INET6;
    try (DatagramChannel listener = server.call(() -> DatagramChannel.open(family).bind(to));
        DatagramChannel sender = client.call(() -> DatagramChannel.open(family).bind(from))) {
      for (int size : List.of(60, 3000)) {
        sender.send(ByteBuffer.wrap(new byte[size]), to);
        ByteBuffer request = ByteBuffer.allocate(size + 1);
        var peer = listener.receive(request);
        listener.send(ByteBuffer.wrap(new byte[size]), peer);
        sender.receive(ByteBuffer.allocate(size + 1));
      }
    }
  }

  private static void readFully(SocketChannel channel, int size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("connection closed early");
      }
    }
  }

  private static byte[] sockaddrIn(InetAddress address, int port) {
    return ByteBuffer.allocate(16)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putShort((short) AF_INET)
        .order(java.nio.ByteOrder.BIG_ENDIAN)
        .putShort((short) port)
        .put(address.getAddress())
        .array();
  }

  private static byte[] sockaddrIn6(InetAddress address, int port) {
    return ByteBuffer.allocate(28)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putShort((short) AF_INET6)
        .order(java.nio.ByteOrder.BIG_ENDIAN)
        .putShort((short) port)
        .putInt(0)
        .put(address.getAddress())
        .array();
  }

  /** An ICMP echo request (RFC 792) with {@code size} bytes of data and a valid checksum. */
  private static byte[] icmpEcho(int size) {
    byte[] message = new byte[8 + size];
    message[0] = 8;
    message[4] = 0x4b; // identifier "KC"
    message[5] = 0x43;
    message[7] = 1; // sequence 1
    long sum = 0;
    for (int i = 0; i < message.length; i += 2) {
      sum += ((message[i] & 0xff) << 8) | (i + 1 < message.length ? message[i + 1] & 0xff : 0);
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    int checksum = (int) ~sum & 0xffff;
    message[2] = (byte) (checksum >> 8);
    message[3] = (byte) checksum;
    return message;
  }

  private static List<Packet> handBuiltFrames() {
    List<byte[]> frames = new ArrayList<>();
    int ipv4 = Frames.ETHERTYPE_IPV4;
    int ipv6 = Frames.ETHERTYPE_IPV6;
    frames.add(Frames.ethernet(ipv4, Frames.ipv4(132, 0, 0, Frames.ports(80, 5000, 28))));
    frames.add(Frames.ethernet(ipv4, Frames.ipv4(132, 0, 0, Frames.ports(33000, 9, 28))));
    frames.add(Frames.ethernet(ipv6, Frames.ipv6(132, Frames.ports(7999, 80, 28))));
    frames.add(
        Frames.ethernet(
            ipv6, Frames.ipv6(44, Frames.ipv6Fragment(132, 1, Frames.ports(80, 80, 28)))));
    frames.add(Frames.ethernet(ipv4, Frames.ipv4(132, 0x2000, 0, Frames.ports(80, 1, 28))));
    frames.add(
        Frames.ethernet(ipv6, Frames.ipv6(0, Frames.hopByHop(136, Frames.ports(53, 1000, 16)))));
    frames.add(
        Frames.ethernet(ipv6, Frames.ipv6(0, Frames.hopByHop(17, Frames.ports(53, 1000, 16)))));
    frames.add(
        Frames.ethernet(
            Frames.ETHERTYPE_VLAN,
            Frames.vlan(100, ipv4, Frames.ipv4(6, 0, 0, Frames.ports(80, 40000, 20)))));
    frames.add(Frames.ethernet(ipv4, Frames.ipv4(17, 0, 3, Frames.ports(40000, 53, 8))));
    frames.add(Frames.ethernet(ipv4, Frames.ipv4(17, 0x00b9, 0, Frames.ports(53, 53, 8))));
    frames.add(Frames.ethernet(ipv4, Frames.ipv4(47, 0, 0, new byte[24])));
    frames.add(Frames.ethernet(0x88cc, new byte[46]));
    frames.add(new byte[10]);
    List<Packet> packets = new ArrayList<>();
    for (byte[] frame : frames) {
      packets.add(Packet.of(0, frame));
    }
    return packets;
  }
}
