package io.kcap.capture;

/** The file formats a capture can be written in. */
public enum CaptureFormat {
  /** The classic libpcap format, with nanosecond timestamps. */
  PCAP("pcap"),

  /**
   * pcapng: the interface's name and description in its interface block, nanosecond timestamps, and
   * the kernel's drop count in a statistics block at the end.
   */
  PCAPNG("pcapng");

  private final String extension;

  CaptureFormat(String extension) {
    this.extension = extension;
  }

  /** The usual file name extension, without the dot. */
  public String extension() {
    return extension;
  }
}
