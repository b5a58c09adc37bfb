package io.kcap.capture;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.bpf.BpfProgram;
import java.util.Objects;

/**
 * Makes the classic-BPF program the kernel runs on every packet. It is called when the capture
 * opens, once the interface's link type is known, since a filter reads headers at offsets that
 * depend on it. A failure to compile ends {@link CaptureSession#open} with its exception.
 */
@FunctionalInterface
public interface CaptureFilter {

  /**
   * @param linkType the link type of the interface's packets
   * @param snapLength the bytes an accepting program keeps
   */
  BpfProgram compile(LinkType linkType, int snapLength);

  /** A program compiled beforehand, for the link type the caller knows the interface has. */
  static CaptureFilter of(BpfProgram program) {
    Objects.requireNonNull(program, "program");
    return (linkType, snapLength) -> program;
  }
}
