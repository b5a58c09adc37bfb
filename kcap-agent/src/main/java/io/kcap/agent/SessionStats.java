package io.kcap.agent;

/**
 * What sessions have written.
 *
 * @param packets packets written to files
 * @param bytes captured bytes of those packets
 * @param drops packets the kernel dropped before kcap read them
 * @param writeErrors writes to a file that failed
 */
public record SessionStats(long packets, long bytes, long drops, long writeErrors) {
  public static final SessionStats ZERO = new SessionStats(0, 0, 0, 0);

  public SessionStats {
    if (packets < 0 || bytes < 0 || drops < 0 || writeErrors < 0) {
      throw new IllegalArgumentException(
          "negative session counters: "
              + packets
              + " packets, "
              + bytes
              + " bytes, "
              + drops
              + " drops, "
              + writeErrors
              + " write errors");
    }
  }

  public SessionStats plus(SessionStats other) {
    return new SessionStats(
        packets + other.packets,
        bytes + other.bytes,
        drops + other.drops,
        writeErrors + other.writeErrors);
  }
}
