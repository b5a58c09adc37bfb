package io.kcap.capture;

/** The file formats a capture can be written in. */
public enum CaptureFormat {
  /** The classic libpcap format, with nanosecond timestamps. */
  PCAP("pcap");

  private final String extension;

  CaptureFormat(String extension) {
    this.extension = extension;
  }

  /** The usual file name extension, without the dot. */
  public String extension() {
    return extension;
  }
}
