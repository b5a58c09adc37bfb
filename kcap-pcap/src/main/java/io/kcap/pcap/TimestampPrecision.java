package io.kcap.pcap;

/** The timestamp unit of a pcap file, chosen by its magic number. */
public enum TimestampPrecision {
  MICROSECONDS(0xA1B2C3D4, 1_000),
  NANOSECONDS(0xA1B23C4D, 1);

  private final int magic;
  private final int nanosPerUnit;

  TimestampPrecision(int magic, int nanosPerUnit) {
    this.magic = magic;
    this.nanosPerUnit = nanosPerUnit;
  }

  /** The file header's magic number, as written in the file's byte order. */
  public int magic() {
    return magic;
  }

  public int nanosPerUnit() {
    return nanosPerUnit;
  }
}
