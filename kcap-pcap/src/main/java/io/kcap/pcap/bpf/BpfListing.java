package io.kcap.pcap.bpf;

import static io.kcap.pcap.bpf.BpfOpcode.A;
import static io.kcap.pcap.bpf.BpfOpcode.ABS;
import static io.kcap.pcap.bpf.BpfOpcode.ADD;
import static io.kcap.pcap.bpf.BpfOpcode.ALU;
import static io.kcap.pcap.bpf.BpfOpcode.AND;
import static io.kcap.pcap.bpf.BpfOpcode.B;
import static io.kcap.pcap.bpf.BpfOpcode.DIV;
import static io.kcap.pcap.bpf.BpfOpcode.H;
import static io.kcap.pcap.bpf.BpfOpcode.IMM;
import static io.kcap.pcap.bpf.BpfOpcode.IND;
import static io.kcap.pcap.bpf.BpfOpcode.JA;
import static io.kcap.pcap.bpf.BpfOpcode.JEQ;
import static io.kcap.pcap.bpf.BpfOpcode.JGE;
import static io.kcap.pcap.bpf.BpfOpcode.JGT;
import static io.kcap.pcap.bpf.BpfOpcode.JMP;
import static io.kcap.pcap.bpf.BpfOpcode.JSET;
import static io.kcap.pcap.bpf.BpfOpcode.K;
import static io.kcap.pcap.bpf.BpfOpcode.LD;
import static io.kcap.pcap.bpf.BpfOpcode.LDX;
import static io.kcap.pcap.bpf.BpfOpcode.LEN;
import static io.kcap.pcap.bpf.BpfOpcode.LSH;
import static io.kcap.pcap.bpf.BpfOpcode.MEM;
import static io.kcap.pcap.bpf.BpfOpcode.MISC;
import static io.kcap.pcap.bpf.BpfOpcode.MOD;
import static io.kcap.pcap.bpf.BpfOpcode.MSH;
import static io.kcap.pcap.bpf.BpfOpcode.MUL;
import static io.kcap.pcap.bpf.BpfOpcode.NEG;
import static io.kcap.pcap.bpf.BpfOpcode.OR;
import static io.kcap.pcap.bpf.BpfOpcode.RET;
import static io.kcap.pcap.bpf.BpfOpcode.RSH;
import static io.kcap.pcap.bpf.BpfOpcode.ST;
import static io.kcap.pcap.bpf.BpfOpcode.STX;
import static io.kcap.pcap.bpf.BpfOpcode.SUB;
import static io.kcap.pcap.bpf.BpfOpcode.TAX;
import static io.kcap.pcap.bpf.BpfOpcode.TXA;
import static io.kcap.pcap.bpf.BpfOpcode.W;
import static io.kcap.pcap.bpf.BpfOpcode.X;
import static io.kcap.pcap.bpf.BpfOpcode.XOR;

import java.util.ArrayList;
import java.util.List;

/**
 * The three text forms in which tcpdump prints a compiled filter, so that {@code --show-bpf} output
 * can be compared with (and pasted where people paste) tcpdump's.
 *
 * <ul>
 *   <li>{@link #assembly} is {@code tcpdump -d}: one readable instruction per line;
 *   <li>{@link #cArray} is {@code tcpdump -dd}: a C array of {@code struct sock_filter};
 *   <li>{@link #decimal} is {@code tcpdump -ddd}: the count, then {@code code jt jf k} in decimal,
 *       the form {@code iptables -m bpf} and {@code tc} take, read back by {@link #parseDecimal}.
 * </ul>
 */
public final class BpfListing {
  /** Names libpcap prints for the Linux ancillary load offsets, indexed by offset - SKF_AD_OFF. */
  private static final String[] ANCILLARY_NAMES = ancillaryNames();

  private BpfListing() {}

  /** {@code tcpdump -d}: e.g. {@code (000) ldh [12]}, one line each, newline-terminated. */
  public static String assembly(BpfProgram program) {
    StringBuilder out = new StringBuilder();
    List<BpfInstruction> instructions = program.instructions();
    for (int i = 0; i < instructions.size(); i++) {
      out.append(assembly(instructions.get(i), i)).append('\n');
    }
    return out.toString();
  }

  /** {@code tcpdump -dd}: e.g. {@code { 0x28, 0, 0, 0x0000000c },}, newline-terminated lines. */
  public static String cArray(BpfProgram program) {
    StringBuilder out = new StringBuilder();
    for (BpfInstruction insn : program.instructions()) {
      out.append(insn).append(",\n");
    }
    return out.toString();
  }

  /** {@code tcpdump -ddd}: the instruction count, then one {@code code jt jf k} line each. */
  public static String decimal(BpfProgram program) {
    StringBuilder out = new StringBuilder().append(program.size()).append('\n');
    for (BpfInstruction insn : program.instructions()) {
      out.append(insn.code())
          .append(' ')
          .append(insn.jt())
          .append(' ')
          .append(insn.jf())
          .append(' ')
          .append(Integer.toUnsignedString(insn.k()))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * Reads the {@link #decimal} form back. Lines may also be separated by commas, as {@code iptables
   * -m bpf --bytecode} writes them.
   *
   * @throws IllegalArgumentException naming the line that is not {@code code jt jf k} or a count
   *     that does not match the instructions
   */
  public static BpfProgram parseDecimal(String text) {
    String[] lines = text.strip().split("\\s*[,\\n]\\s*");
    if (lines.length == 0 || lines[0].isBlank()) {
      throw new IllegalArgumentException("empty BPF program text");
    }
    int count = parseField(lines[0], 0, "instruction count", 0, BpfProgram.MAX_INSTRUCTIONS);
    if (count != lines.length - 1) {
      throw new IllegalArgumentException(
          "BPF program text announces " + count + " instructions but has " + (lines.length - 1));
    }
    List<BpfInstruction> instructions = new ArrayList<>(count);
    for (int line = 1; line < lines.length; line++) {
      String[] fields = lines[line].trim().split("\\s+");
      if (fields.length != 4) {
        throw new IllegalArgumentException(
            "BPF program text line " + (line + 1) + " '" + lines[line] + "' is not 'code jt jf k'");
      }
      instructions.add(
          new BpfInstruction(
              parseField(fields[0], line, "code", 0, 0xFFFF),
              parseField(fields[1], line, "jt", 0, 0xFF),
              parseField(fields[2], line, "jf", 0, 0xFF),
              (int) parseUnsigned(fields[3], line)));
    }
    return new BpfProgram(instructions);
  }

  /** One line of {@code tcpdump -d} (without the newline) for instruction number {@code n}. */
  public static String assembly(BpfInstruction insn, int n) {
    int k = insn.k();
    String op;
    String operand;
    switch (insn.code()) {
      case RET | K -> {
        op = "ret";
        operand = "#" + k;
      }
      case RET | A -> {
        op = "ret";
        operand = "";
      }
      case LD | W | ABS -> {
        op = "ld";
        operand = absoluteOperand(k);
      }
      case LD | H | ABS -> {
        op = "ldh";
        operand = absoluteOperand(k);
      }
      case LD | B | ABS -> {
        op = "ldb";
        operand = absoluteOperand(k);
      }
      case LD | W | LEN -> {
        op = "ld";
        operand = "#pktlen";
      }
      case LDX | W | LEN -> {
        op = "ldx";
        operand = "#pktlen";
      }
      case LD | W | IND -> {
        op = "ld";
        operand = "[x + " + k + "]";
      }
      case LD | H | IND -> {
        op = "ldh";
        operand = "[x + " + k + "]";
      }
      case LD | B | IND -> {
        op = "ldb";
        operand = "[x + " + k + "]";
      }
      case LD | W | IMM -> {
        op = "ld";
        operand = hex(k);
      }
      case LDX | W | IMM -> {
        op = "ldx";
        operand = hex(k);
      }
      case LDX | B | MSH -> {
        op = "ldxb";
        operand = "4*([" + k + "]&0xf)";
      }
      case LD | W | MEM -> {
        op = "ld";
        operand = "M[" + k + "]";
      }
      case LDX | W | MEM -> {
        op = "ldx";
        operand = "M[" + k + "]";
      }
      case ST -> {
        op = "st";
        operand = "M[" + k + "]";
      }
      case STX -> {
        op = "stx";
        operand = "M[" + k + "]";
      }
      case JMP | JA -> {
        op = "ja";
        operand = Integer.toString(n + 1 + k);
      }
      case JMP | JGT | K -> {
        op = "jgt";
        operand = hex(k);
      }
      case JMP | JGE | K -> {
        op = "jge";
        operand = hex(k);
      }
      case JMP | JEQ | K -> {
        op = "jeq";
        operand = hex(k);
      }
      case JMP | JSET | K -> {
        op = "jset";
        operand = hex(k);
      }
      case JMP | JGT | X -> {
        op = "jgt";
        operand = "x";
      }
      case JMP | JGE | X -> {
        op = "jge";
        operand = "x";
      }
      case JMP | JEQ | X -> {
        op = "jeq";
        operand = "x";
      }
      case JMP | JSET | X -> {
        op = "jset";
        operand = "x";
      }
      case ALU | ADD | X -> {
        op = "add";
        operand = "x";
      }
      case ALU | SUB | X -> {
        op = "sub";
        operand = "x";
      }
      case ALU | MUL | X -> {
        op = "mul";
        operand = "x";
      }
      case ALU | DIV | X -> {
        op = "div";
        operand = "x";
      }
      case ALU | MOD | X -> {
        op = "mod";
        operand = "x";
      }
      case ALU | AND | X -> {
        op = "and";
        operand = "x";
      }
      case ALU | OR | X -> {
        op = "or";
        operand = "x";
      }
      case ALU | XOR | X -> {
        op = "xor";
        operand = "x";
      }
      case ALU | LSH | X -> {
        op = "lsh";
        operand = "x";
      }
      case ALU | RSH | X -> {
        op = "rsh";
        operand = "x";
      }
      case ALU | ADD | K -> {
        op = "add";
        operand = "#" + k;
      }
      case ALU | SUB | K -> {
        op = "sub";
        operand = "#" + k;
      }
      case ALU | MUL | K -> {
        op = "mul";
        operand = "#" + k;
      }
      case ALU | DIV | K -> {
        op = "div";
        operand = "#" + k;
      }
      case ALU | MOD | K -> {
        op = "mod";
        operand = "#" + k;
      }
      case ALU | AND | K -> {
        op = "and";
        operand = hex(k);
      }
      case ALU | OR | K -> {
        op = "or";
        operand = hex(k);
      }
      case ALU | XOR | K -> {
        op = "xor";
        operand = hex(k);
      }
      case ALU | LSH | K -> {
        op = "lsh";
        operand = "#" + k;
      }
      case ALU | RSH | K -> {
        op = "rsh";
        operand = "#" + k;
      }
      case ALU | NEG -> {
        op = "neg";
        operand = "";
      }
      case MISC | TAX -> {
        op = "tax";
        operand = "";
      }
      case MISC | TXA -> {
        op = "txa";
        operand = "";
      }
      default -> {
        op = "unimp";
        operand = "0x" + Integer.toHexString(insn.code());
      }
    }
    boolean conditional = BpfOpcode.classOf(insn.code()) == JMP && (insn.code() & 0xF0) != JA;
    if (conditional) {
      return String.format(
          "(%03d) %-8s %-16s jt %d\tjf %d", n, op, operand, n + 1 + insn.jt(), n + 1 + insn.jf());
    }
    return String.format("(%03d) %-8s %s", n, op, operand);
  }

  private static String hex(int k) {
    return "#0x" + Integer.toHexString(k);
  }

  private static String absoluteOperand(int k) {
    int index = k - BpfOpcode.LINUX_ANCILLARY_OFFSET;
    if (Integer.compareUnsigned(k, BpfOpcode.LINUX_ANCILLARY_OFFSET) >= 0
        && index < ANCILLARY_NAMES.length
        && ANCILLARY_NAMES[index] != null) {
      return "[" + ANCILLARY_NAMES[index] + "]";
    }
    return "[" + k + "]";
  }

  private static String[] ancillaryNames() {
    // SKF_AD_* offsets of linux/filter.h; SKF_AD_MAX is 64.
    String[] names = new String[64];
    names[0] = "proto";
    names[4] = "type";
    names[8] = "ifidx";
    names[12] = "nla";
    names[16] = "nlan";
    names[20] = "mark";
    names[24] = "queue";
    names[28] = "hatype";
    names[32] = "rxhash";
    names[36] = "cpu";
    names[40] = "xor_x";
    names[44] = "vlan_tci";
    names[48] = "vlanp";
    names[52] = "poff";
    names[56] = "random";
    names[60] = "vlan_tpid";
    return names;
  }

  private static int parseField(String text, int line, String field, int min, int max) {
    long value = parseUnsigned(text, line);
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "BPF program text line "
              + (line + 1)
              + ": "
              + field
              + " "
              + value
              + " is outside "
              + min
              + ".."
              + max);
    }
    return (int) value;
  }

  private static long parseUnsigned(String text, int line) {
    try {
      long value = Long.parseLong(text.trim());
      if (value < 0 || value > 0xFFFF_FFFFL) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "BPF program text line "
              + (line + 1)
              + ": '"
              + text
              + "' is not an unsigned 32-bit number",
          e);
    }
  }
}
