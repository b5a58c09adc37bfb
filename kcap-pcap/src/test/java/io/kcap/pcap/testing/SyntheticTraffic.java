package io.kcap.pcap.testing;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded random Ethernet frames that walk the corners filters care about: VLAN tags, IPv4 options
 * and fragments, IPv6 fragment and hop-by-hop headers, ports at range edges, odd protocols, and
 * captures cut short at any byte. Packet {@code i} is stamped {@code i + 1} whole seconds so that
 * tcpdump's output can be matched back to it.
 */
public final class SyntheticTraffic {
  private static final int[] PROTOCOLS = {6, 17, 1, 58, 132, 136, 47, 0};
  private static final int[] PORTS = {0, 53, 80, 443, 7999, 8000, 8080, 8081, 65535, 2049};

  private SyntheticTraffic() {}

  public static List<Packet> generate(long seed, int count) {
    Random random = new Random(seed);
    List<Packet> packets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] frame = frame(random);
      int captured = random.nextInt(8) == 0 ? random.nextInt(frame.length + 1) : frame.length;
      packets.add(
          new Packet((i + 1) * 1_000_000_000L, frame.length, 0, Arrays.copyOf(frame, captured)));
    }
    return packets;
  }

  private static byte[] frame(Random random) {
    return switch (random.nextInt(12)) {
      case 0, 1, 2, 3 -> Frames.ethernet(Frames.ETHERTYPE_IPV4, ipv4(random));
      case 4, 5, 6 -> Frames.ethernet(Frames.ETHERTYPE_IPV6, ipv6(random));
      case 7 ->
          Frames.ethernet(
              Frames.ETHERTYPE_VLAN,
              random.nextBoolean()
                  ? Frames.vlan(100, Frames.ETHERTYPE_IPV4, ipv4(random))
                  : Frames.vlan(random.nextInt(4096), Frames.ETHERTYPE_IPV6, ipv6(random)));
      case 8 -> Frames.ethernet(Frames.ETHERTYPE_ARP, Frames.arpRequest());
      case 9 -> Frames.ethernet(0x88cc, bytes(random, 1 + random.nextInt(60)));
      case 10 -> bytes(random, random.nextInt(20));
      default -> Frames.ethernet(random.nextInt(0x10000), bytes(random, random.nextInt(80)));
    };
  }

  private static byte[] ipv4(Random random) {
    int protocol = protocol(random);
    int fragment =
        switch (random.nextInt(6)) {
          case 0 -> 0x2000; // first fragment
          case 1 -> random.nextInt(0x2000) | (random.nextBoolean() ? 0x2000 : 0); // later fragment
          case 2 -> 0x4000; // don't fragment
          default -> 0;
        };
    int optionWords = random.nextInt(5) == 0 ? random.nextInt(11) : 0;
    return Frames.ipv4(protocol, fragment, optionWords, transport(random));
  }

  private static byte[] ipv6(Random random) {
    int protocol = protocol(random);
    return switch (random.nextInt(6)) {
      case 0 ->
          Frames.ipv6(
              44,
              Frames.ipv6Fragment(
                  protocol, random.nextBoolean() ? 1 : random.nextInt(0x10000), transport(random)));
      case 1 -> Frames.ipv6(0, Frames.hopByHop(protocol, transport(random)));
      default -> Frames.ipv6(protocol, transport(random));
    };
  }

  private static int protocol(Random random) {
    return random.nextInt(10) == 0
        ? random.nextInt(256)
        : PROTOCOLS[random.nextInt(PROTOCOLS.length)];
  }

  private static byte[] transport(Random random) {
    int source =
        random.nextInt(4) == 0 ? random.nextInt(0x10000) : PORTS[random.nextInt(PORTS.length)];
    int destination = PORTS[random.nextInt(PORTS.length)];
    byte[] transport = Frames.ports(source, destination, 8 + random.nextInt(40));
    if (transport.length >= 14 && random.nextInt(3) == 0) {
      transport[12] = (byte) random.nextInt(256); // TCP data offset and flags
      transport[13] = (byte) random.nextInt(256);
    }
    return transport;
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * The same packets as {@code linkType} frames: Ethernet headers become Linux cooked (v1) headers,
   * or are dropped for raw IP (which then only keeps IPv4 and IPv6 packets).
   */
  public static List<Packet> relink(List<Packet> ethernet, LinkType linkType) {
    List<Packet> packets = new ArrayList<>();
    for (Packet packet : ethernet) {
      byte[] data = packet.data();
      int captured = data.length;
      int etherType = captured >= 14 ? ((data[12] & 0xff) << 8) | (data[13] & 0xff) : -1;
      if (linkType.equals(LinkType.RAW)) {
        if (etherType == Frames.ETHERTYPE_IPV4 || etherType == Frames.ETHERTYPE_IPV6) {
          packets.add(
              new Packet(
                  packet.timestampNanos(),
                  packet.originalLength() - 14,
                  0,
                  Arrays.copyOfRange(data, 14, captured)));
        }
      } else if (linkType.equals(LinkType.LINUX_SLL)) {
        if (captured >= 14) {
          byte[] cooked = new byte[captured + 2];
          cooked[3] = 1; // ARPHRD_ETHER
          cooked[5] = 6; // address length
          System.arraycopy(data, 6, cooked, 6, 6);
          System.arraycopy(data, 12, cooked, 14, captured - 12);
          packets.add(new Packet(packet.timestampNanos(), packet.originalLength() + 2, 0, cooked));
        }
      } else {
        throw new IllegalArgumentException("cannot relink to " + linkType);
      }
    }
    return packets;
  }
}
