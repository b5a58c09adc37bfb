package io.kcap.pcap.bpf;

/**
 * One classic-BPF instruction, {@code struct sock_filter} of {@code linux/filter.h}.
 *
 * @param code opcode (16 bits)
 * @param jt jump offset when true (8 bits, unsigned)
 * @param jf jump offset when false (8 bits, unsigned)
 * @param k generic field (32 bits, read as unsigned where the opcode says so)
 */
public record BpfInstruction(int code, int jt, int jf, int k) {

  public BpfInstruction {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("BPF opcode " + code + " is outside 0..65535");
    }
    if (jt < 0 || jt > 0xFF || jf < 0 || jf > 0xFF) {
      throw new IllegalArgumentException(
          "BPF jump offsets " + jt + "/" + jf + " are outside 0..255");
    }
  }

  /** The form {@code tcpdump -dd} prints: {@code { 0x28, 0, 0, 0x0000000c }}. */
  @Override
  public String toString() {
    return String.format("{ 0x%x, %d, %d, 0x%08x }", code, jt, jf, k);
  }
}
