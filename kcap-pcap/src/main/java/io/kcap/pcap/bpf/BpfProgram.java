package io.kcap.pcap.bpf;

import java.util.List;

/**
 * A classic-BPF program as the kernel and libpcap run it.
 *
 * <p>The same program is attached to live sockets and evaluated in Java on files, so a capture and
 * an offline filter agree on every packet.
 */
public record BpfProgram(List<BpfInstruction> instructions) {
  /** {@code BPF_MAXINSNS} of {@code linux/bpf_common.h}. */
  public static final int MAX_INSTRUCTIONS = 4096;

  public BpfProgram {
    instructions = List.copyOf(instructions);
    if (instructions.isEmpty() || instructions.size() > MAX_INSTRUCTIONS) {
      throw new IllegalArgumentException(
          "BPF program of "
              + instructions.size()
              + " instructions; expected 1 to "
              + MAX_INSTRUCTIONS);
    }
  }

  public int size() {
    return instructions.size();
  }
}
