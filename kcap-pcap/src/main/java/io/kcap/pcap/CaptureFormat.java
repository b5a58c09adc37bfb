package io.kcap.pcap;

/** The two capture file formats kcap reads and writes. */
public enum CaptureFormat {
  /** The classic libpcap savefile: one link type, one snap length, µs or ns stamps. */
  PCAP,
  /** pcapng: sections of interfaces, packets and other blocks, with options. */
  PCAPNG;

  /** The name users type and read: {@code pcap} or {@code pcapng}. */
  public String displayName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return displayName();
  }
}
