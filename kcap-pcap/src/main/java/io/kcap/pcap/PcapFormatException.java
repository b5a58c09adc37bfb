package io.kcap.pcap;

import java.io.IOException;
import java.util.Optional;

/** A capture file that is not well formed; the message names the byte offset and the fault. */
public final class PcapFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final String problem;
  private final String source;

  public PcapFormatException(long offset, String problem) {
    super("at byte " + offset + ": " + problem);
    this.offset = offset;
    this.problem = problem;
    this.source = null;
  }

  /** The same fault, attributed to a named file: {@code "a.pcap: at byte 24: ..."}. */
  public PcapFormatException(String source, PcapFormatException fault) {
    super(source + ": " + fault.getMessage(), fault);
    this.offset = fault.offset;
    this.problem = fault.problem;
    this.source = source;
  }

  /** Byte offset in the file where the fault was found. */
  public long offset() {
    return offset;
  }

  /** What is wrong, without the offset. */
  public String problem() {
    return problem;
  }

  /** The file the fault was attributed to, when known. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }
}
