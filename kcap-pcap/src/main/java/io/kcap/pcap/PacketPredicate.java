package io.kcap.pcap;

import java.nio.ByteBuffer;

/**
 * Decides whether an offline tool keeps a packet, the way a compiled capture filter does.
 *
 * <p>The packet's captured bytes are {@code buffer[offset, offset + capturedLength)}; read them
 * with absolute gets and never move the buffer's position. {@code originalLength} is the length on
 * the wire (the {@code len} a BPF program sees; unsigned 32 bits).
 */
@FunctionalInterface
public interface PacketPredicate {

  boolean test(ByteBuffer buffer, int offset, int capturedLength, long originalLength);

  /** Keeps every packet. */
  static PacketPredicate all() {
    return (buffer, offset, capturedLength, originalLength) -> true;
  }

  /** Evaluates an owned packet. */
  default boolean test(Packet packet) {
    return test(
        ByteBuffer.wrap(packet.data()), 0, packet.capturedLength(), packet.originalLength());
  }

  /**
   * Chooses the predicate for each interface of a capture: a filter expression compiles to one
   * program per link type (and snap length), so pcapng files with several link types get several.
   * Called once per interface, before its first packet is tested.
   */
  @FunctionalInterface
  interface Factory {
    /**
     * @throws IllegalArgumentException when no predicate can be built for this interface (for
     *     example an expression that does not apply to its link type); the message is shown to the
     *     user
     */
    PacketPredicate forInterface(CaptureInterface captureInterface);

    /** Keeps every packet of every interface. */
    static Factory all() {
      PacketPredicate all = PacketPredicate.all();
      return captureInterface -> all;
    }
  }
}
