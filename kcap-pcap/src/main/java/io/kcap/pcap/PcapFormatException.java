package io.kcap.pcap;

import java.io.IOException;

/** A capture file that is not well formed; the message names the byte offset and the fault. */
public final class PcapFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  public PcapFormatException(long offset, String problem) {
    super("at byte " + offset + ": " + problem);
    this.offset = offset;
  }

  /** Byte offset in the file where the fault was found. */
  public long offset() {
    return offset;
  }
}
