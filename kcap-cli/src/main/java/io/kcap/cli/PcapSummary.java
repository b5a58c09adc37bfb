package io.kcap.cli;

import io.kcap.pcap.CaptureReader;
import io.kcap.pcap.LinkType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a capture file (pcap or pcapng, read by kcap-pcap's reader) holds, as the demo summarizes
 * it: packets, bytes of packet data, and packets per protocol ({@code TCP/8080}, {@code UDP/5353},
 * {@code ICMP}, {@code ARP}...), read in one pass from a stream so that files are summarized
 * straight out of the downloaded zip.
 *
 * <p>A protocol is named by the lower of the two ports of a TCP or UDP packet (the service's, for
 * the usual client port above it); Ethernet, raw IP and Linux cooked captures are dissected, other
 * link types count as their link type.
 *
 * @param packets the records in the file
 * @param bytes the packet data captured, as capinfos's "data size"
 * @param protocols packets per protocol label, sorted by label
 */
record PcapSummary(long packets, long bytes, Map<String, Long> protocols) {
  PcapSummary {
    protocols = Map.copyOf(protocols);
  }

  /** Reads a whole pcap or pcapng file from {@code in} (not closed). */
  static PcapSummary read(InputStream in) throws IOException {
    // The reader closes its channel; the stream belongs to the caller.
    InputStream unclosed =
        new FilterInputStream(in) {
          @Override
          public void close() {}
        };
    long packets = 0;
    long bytes = 0;
    Map<String, Long> protocols = new TreeMap<>();
    try (CaptureReader reader = CaptureReader.open(Channels.newChannel(unclosed))) {
      while (reader.next()) {
        packets++;
        bytes += reader.capturedLength();
        ByteBuffer packet = reader.buffer().slice(reader.dataOffset(), reader.capturedLength());
        protocols.merge(protocol(reader.captureInterface().linkType(), packet), 1L, Long::sum);
      }
    }
    return new PcapSummary(packets, bytes, protocols);
  }

  /** {@code TCP/8080 12, UDP/5353 5}: the protocols, most packets first. */
  String protocolsText() {
    return protocols.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .map(entry -> entry.getKey() + " " + entry.getValue())
        .reduce((a, b) -> a + ", " + b)
        .orElse("-");
  }

  /** The protocol label of one packet. */
  static String protocol(LinkType linkType, ByteBuffer packet) {
    ByteBuffer frame = packet.slice().order(ByteOrder.BIG_ENDIAN);
    int etherType;
    int network;
    if (linkType.equals(LinkType.ETHERNET)) {
      if (frame.remaining() < 14) {
        return "short";
      }
      etherType = frame.getShort(12) & 0xFFFF;
      network = 14;
      while ((etherType == 0x8100 || etherType == 0x88a8) && frame.remaining() >= network + 4) {
        etherType = frame.getShort(network + 2) & 0xFFFF; // 802.1Q / 802.1ad tags
        network += 4;
      }
    } else if (linkType.equals(LinkType.LINUX_SLL)) {
      if (frame.remaining() < 16) {
        return "short";
      }
      etherType = frame.getShort(14) & 0xFFFF;
      network = 16;
    } else if (linkType.equals(LinkType.RAW)
        || linkType.equals(LinkType.IPV4)
        || linkType.equals(LinkType.IPV6)) {
      if (frame.remaining() < 1) {
        return "short";
      }
      etherType = (frame.get(0) & 0xF0) == 0x60 ? 0x86DD : 0x0800;
      network = 0;
    } else {
      return linkType.displayName();
    }
    return switch (etherType) {
      case 0x0806 -> "ARP";
      case 0x0800 -> ipv4(frame, network);
      case 0x86DD -> ipv6(frame, network);
      default -> String.format("ethertype 0x%04x", etherType);
    };
  }

  private static String ipv4(ByteBuffer frame, int at) {
    if (frame.remaining() < at + 20) {
      return "IPv4 (short)";
    }
    int headerLength = (frame.get(at) & 0x0F) * 4;
    int protocol = frame.get(at + 9) & 0xFF;
    boolean firstFragment = (frame.getShort(at + 6) & 0x1FFF) == 0;
    return transport(frame, protocol, at + headerLength, firstFragment);
  }

  private static String ipv6(ByteBuffer frame, int at) {
    if (frame.remaining() < at + 40) {
      return "IPv6 (short)";
    }
    // The next header of the fixed header; extension headers are named as such, not walked.
    return transport(frame, frame.get(at + 6) & 0xFF, at + 40, true);
  }

  private static String transport(ByteBuffer frame, int protocol, int at, boolean hasPorts) {
    String name =
        switch (protocol) {
          case 1 -> "ICMP";
          case 6 -> "TCP";
          case 17 -> "UDP";
          case 58 -> "ICMPv6";
          case 132 -> "SCTP";
          case 136 -> "UDPLite";
          default -> "IP proto " + protocol;
        };
    boolean ported = protocol == 6 || protocol == 17 || protocol == 132 || protocol == 136;
    if (!ported || !hasPorts || frame.remaining() < at + 4) {
      return name;
    }
    int source = frame.getShort(at) & 0xFFFF;
    int destination = frame.getShort(at + 2) & 0xFFFF;
    return name + "/" + Math.min(source, destination);
  }
}
