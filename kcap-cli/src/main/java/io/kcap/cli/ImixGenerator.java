package io.kcap.cli;

import io.kcap.pcap.PcapWriter;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * A deterministic stream of Ethernet/IPv4 frames with the simple IMIX size mix (60, 590 and 1514
 * bytes at 7:4:1) over many TCP, UDP and ICMP flows: the benchmark input of {@code kcap pcap
 * generate}. The same seed gives the same bytes.
 */
final class ImixGenerator {
  static final long START_NANOS = 1_714_564_800_000_000_000L; // 2024-05-01T12:00:00Z
  private static final int[] SIZES = {60, 590, 1514};
  private static final int FLOWS = 4096;
  private static final int TCP = 6;
  private static final int UDP = 17;
  private static final int ICMP = 1;

  private final SplittableRandom random;
  private final int[] protocol = new int[FLOWS];
  private final int[] source = new int[FLOWS];
  private final int[] destination = new int[FLOWS];
  private final int[] sourcePort = new int[FLOWS];
  private final int[] destinationPort = new int[FLOWS];
  private final byte[] frame = new byte[1514];
  private long nanos = START_NANOS;
  private int ipId;

  ImixGenerator(long seed) {
    this.random = new SplittableRandom(seed);
    for (int f = 0; f < FLOWS; f++) {
      int kind = random.nextInt(20);
      protocol[f] = kind < 11 ? TCP : kind < 18 ? UDP : ICMP;
      source[f] = 0x0A000000 | random.nextInt(1 << 16);
      destination[f] = 0x0A640000 | random.nextInt(1 << 12);
      sourcePort[f] = 1024 + random.nextInt(60000);
      destinationPort[f] = new int[] {53, 80, 443, 8080, 5201, 123}[random.nextInt(6)];
    }
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (byte) (i * 31);
    }
  }

  /** Appends one frame to the writer and returns its length. */
  int next(PcapWriter out) throws IOException {
    int pick = random.nextInt(12);
    int length = SIZES[pick < 7 ? 0 : pick < 11 ? 1 : 2];
    int flow = random.nextInt(FLOWS);
    nanos += 1_000 + random.nextInt(9) * 1_000L;
    build(flow, length);
    out.write(nanos, length, frame, 0, length);
    return length;
  }

  private void build(int flow, int length) {
    // Ethernet: destination, source, IPv4.
    put32(0, 0x02000000 | (destination[flow] >>> 16));
    put16(4, destination[flow]);
    put32(6, 0x02000000 | (source[flow] >>> 16));
    put16(10, source[flow]);
    put16(12, 0x0800);
    // IPv4 header without options; the checksum is computed so every tool accepts it.
    int ip = 14;
    frame[ip] = 0x45;
    frame[ip + 1] = 0;
    put16(ip + 2, length - 14);
    put16(ip + 4, ipId++);
    put16(ip + 6, 0x4000);
    frame[ip + 8] = 64;
    frame[ip + 9] = (byte) protocol[flow];
    put16(ip + 10, 0);
    put32(ip + 12, source[flow]);
    put32(ip + 16, destination[flow]);
    put16(ip + 10, checksum(ip, 20));
    int l4 = ip + 20;
    switch (protocol[flow]) {
      case TCP -> {
        put16(l4, sourcePort[flow]);
        put16(l4 + 2, destinationPort[flow]);
        put32(l4 + 4, ipId * 1448);
        put32(l4 + 8, 1);
        put16(l4 + 12, 0x5018); // data offset 5, ACK|PSH
        put16(l4 + 14, 65535);
        put32(l4 + 16, 0);
      }
      case UDP -> {
        put16(l4, sourcePort[flow]);
        put16(l4 + 2, destinationPort[flow]);
        put16(l4 + 4, length - 34);
        put16(l4 + 6, 0); // no checksum (RFC 768)
      }
      default -> {
        put16(l4, 0x0800); // echo request, code 0
        put16(l4 + 2, 0);
        put16(l4 + 4, flow);
        put16(l4 + 6, ipId);
      }
    }
  }

  private int checksum(int offset, int length) {
    int sum = 0;
    for (int i = 0; i < length; i += 2) {
      sum += ((frame[offset + i] & 0xFF) << 8) | (frame[offset + i + 1] & 0xFF);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return ~sum & 0xFFFF;
  }

  private void put16(int offset, int value) {
    frame[offset] = (byte) (value >>> 8);
    frame[offset + 1] = (byte) value;
  }

  private void put32(int offset, int value) {
    put16(offset, value >>> 16);
    put16(offset + 2, value);
  }
}
