package io.kcap.pcap;

import java.util.Objects;

/**
 * One captured packet: when it was seen, how much of it was kept, and the bytes.
 *
 * <p>Files, live rings and test fakes all yield this shape. {@code interfaceId} is the pcapng
 * interface index within its section (always 0 for pcap files).
 *
 * @param timestampNanos nanoseconds since the Unix epoch, UTC
 * @param originalLength length of the packet on the wire, at least {@code data.length}
 * @param interfaceId index of the interface that saw the packet
 * @param data the captured bytes; its length is the captured length
 */
public record Packet(long timestampNanos, int originalLength, int interfaceId, byte[] data) {

  public Packet {
    Objects.requireNonNull(data, "data");
    if (originalLength < data.length) {
      throw new IllegalArgumentException(
          "original length " + originalLength + " is less than captured length " + data.length);
    }
    if (interfaceId < 0) {
      throw new IllegalArgumentException("interface id " + interfaceId + " is negative");
    }
  }

  /** A packet seen on interface 0 whose bytes are all of it. */
  public static Packet of(long timestampNanos, byte[] data) {
    return new Packet(timestampNanos, data.length, 0, data);
  }

  public int capturedLength() {
    return data.length;
  }
}
