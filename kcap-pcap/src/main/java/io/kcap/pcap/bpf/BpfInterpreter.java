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
import static io.kcap.pcap.bpf.BpfOpcode.MEMORY_WORDS;
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

import io.kcap.pcap.Packet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a classic-BPF program on packets the way libpcap's {@code bpf_filter} does for tcpdump, so
 * an offline filter keeps exactly the packets {@code tcpdump -r file EXPR} keeps.
 *
 * <p>The program is checked once, on construction, with the rules both libpcap's validator and the
 * Linux kernel apply: known opcodes, forward jumps that land inside the program, a return as the
 * last instruction, scratch memory indexes below 16, no constant division by zero and no constant
 * shift by 32 or more. At run time a load outside the captured bytes, or a division by a zero X,
 * ends the program with 0 (drop). Loads at the Linux ancillary offsets ({@code SKF_AD_OFF}) have no
 * socket metadata to read offline and are out of bounds as well, as in libpcap. A shift by X of 32
 * or more yields 0, as in libpcap.
 *
 * <p>A checked program of up to {@value BpfCode#MAX_INSTRUCTIONS} instructions is translated to JVM
 * bytecode of its own (see {@code BpfCode}), which the JIT compiles into straight code; longer ones
 * run in this class's interpreter loop. Both give the same result for every packet.
 *
 * <p>Instances are immutable and safe to share between threads. Evaluation in a {@link ByteBuffer}
 * allocates nothing unless the program uses scratch memory, in which case it allocates the 16 words
 * per packet; arrays are evaluated through a wrapping buffer.
 *
 * {@snippet :
 * BpfInterpreter filter = new BpfInterpreter(program);
 * if (filter.accepts(packet)) {
 *   writer.write(packet);
 * }
 * }
 */
public final class BpfInterpreter {
  // Dense operation numbers so that the evaluation switch compiles to a jump table.
  private static final int OP_RET_K = 0;
  private static final int OP_RET_A = 1;
  private static final int OP_LD_W_ABS = 2;
  private static final int OP_LD_H_ABS = 3;
  private static final int OP_LD_B_ABS = 4;
  private static final int OP_LD_W_IND = 5;
  private static final int OP_LD_H_IND = 6;
  private static final int OP_LD_B_IND = 7;
  private static final int OP_LD_LEN = 8;
  private static final int OP_LDX_LEN = 9;
  private static final int OP_LD_IMM = 10;
  private static final int OP_LDX_IMM = 11;
  private static final int OP_LDX_MSH = 12;
  private static final int OP_LD_MEM = 13;
  private static final int OP_LDX_MEM = 14;
  private static final int OP_ST = 15;
  private static final int OP_STX = 16;
  private static final int OP_JA = 17;
  private static final int OP_JEQ_K = 18;
  private static final int OP_JGT_K = 19;
  private static final int OP_JGE_K = 20;
  private static final int OP_JSET_K = 21;
  private static final int OP_JEQ_X = 22;
  private static final int OP_JGT_X = 23;
  private static final int OP_JGE_X = 24;
  private static final int OP_JSET_X = 25;
  private static final int OP_ADD_K = 26;
  private static final int OP_SUB_K = 27;
  private static final int OP_MUL_K = 28;
  private static final int OP_DIV_K = 29;
  private static final int OP_MOD_K = 30;
  private static final int OP_AND_K = 31;
  private static final int OP_OR_K = 32;
  private static final int OP_XOR_K = 33;
  private static final int OP_LSH_K = 34;
  private static final int OP_RSH_K = 35;
  private static final int OP_ADD_X = 36;
  private static final int OP_SUB_X = 37;
  private static final int OP_MUL_X = 38;
  private static final int OP_DIV_X = 39;
  private static final int OP_MOD_X = 40;
  private static final int OP_AND_X = 41;
  private static final int OP_OR_X = 42;
  private static final int OP_XOR_X = 43;
  private static final int OP_LSH_X = 44;
  private static final int OP_RSH_X = 45;
  private static final int OP_NEG = 46;
  private static final int OP_TAX = 47;
  private static final int OP_TXA = 48;

  private final BpfProgram program;
  private final int[] ops;
  private final int[] ks;
  private final int[] jumpTrue;
  private final int[] jumpFalse;
  private final boolean usesMemory;
  private final BpfCode.Program code;
  private final boolean translated;

  /**
   * Checks {@code program} and prepares it for evaluation.
   *
   * @throws IllegalArgumentException naming the first offending instruction if the program is not
   *     one the kernel or libpcap would run
   */
  public BpfInterpreter(BpfProgram program) {
    this.program = Objects.requireNonNull(program, "program");
    List<BpfInstruction> instructions = program.instructions();
    int n = instructions.size();
    ops = new int[n];
    ks = new int[n];
    jumpTrue = new int[n];
    jumpFalse = new int[n];
    boolean memory = false;
    for (int i = 0; i < n; i++) {
      BpfInstruction insn = instructions.get(i);
      int op = operation(i, insn);
      ops[i] = op;
      ks[i] = insn.k();
      switch (op) {
        case OP_LD_MEM, OP_LDX_MEM, OP_ST, OP_STX -> {
          memory = true;
          if (Integer.compareUnsigned(insn.k(), MEMORY_WORDS) >= 0) {
            throw invalid(
                i,
                insn,
                "scratch memory index "
                    + Integer.toUnsignedString(insn.k())
                    + " exceeds the maximum "
                    + (MEMORY_WORDS - 1));
          }
        }
        case OP_DIV_K, OP_MOD_K -> {
          if (insn.k() == 0) {
            throw invalid(i, insn, "division by the constant 0");
          }
        }
        case OP_LSH_K, OP_RSH_K -> {
          if (Integer.compareUnsigned(insn.k(), 31) > 0) {
            throw invalid(
                i,
                insn,
                "shift by " + Integer.toUnsignedString(insn.k()) + " exceeds the maximum 31");
          }
        }
        case OP_JA -> {
          if (insn.k() < 0 && i + 1L + insn.k() >= 0) {
            // libpcap emits these for "protochain"; neither the kernel nor bpf_filter runs them.
            throw invalid(
                i,
                insn,
                "backward jump to instruction "
                    + (i + 1 + insn.k())
                    + "; classic BPF only jumps forward");
          }
          jumpTrue[i] = checkTarget(i, insn, i + 1L + Integer.toUnsignedLong(insn.k()), n);
        }
        case OP_JEQ_K, OP_JGT_K, OP_JGE_K, OP_JSET_K, OP_JEQ_X, OP_JGT_X, OP_JGE_X, OP_JSET_X -> {
          jumpTrue[i] = checkTarget(i, insn, i + 1L + insn.jt(), n);
          jumpFalse[i] = checkTarget(i, insn, i + 1L + insn.jf(), n);
          if (op == OP_JGT_K || op == OP_JGE_K) {
            // Unsigned comparison as a signed one: both sides get their sign bit flipped.
            ks[i] = insn.k() ^ Integer.MIN_VALUE;
          }
        }
        default -> {}
      }
    }
    BpfInstruction last = instructions.get(n - 1);
    if (BpfOpcode.classOf(last.code()) != RET) {
      throw invalid(n - 1, last, "the last instruction must be a return (ret)");
    }
    usesMemory = memory;
    Optional<BpfCode.Program> translation = translation(instructions);
    translated = translation.isPresent();
    code = translation.orElse(this::interpret);
  }

  /** The program this interpreter runs. */
  public BpfProgram program() {
    return program;
  }

  /**
   * Runs the program on {@code packet}.
   *
   * @return the number of bytes to keep, as an unsigned 32-bit value; 0 drops the packet
   */
  public int run(Packet packet) {
    byte[] data = packet.data();
    return run(data, 0, data.length, packet.originalLength());
  }

  /** Whether the program keeps {@code packet} (returns anything but 0). */
  public boolean accepts(Packet packet) {
    return run(packet) != 0;
  }

  /** Whether the program keeps the packet held in {@code data[offset, offset + length)}. */
  public boolean accepts(byte[] data, int offset, int length, int originalLength) {
    return run(data, offset, length, originalLength) != 0;
  }

  /**
   * Runs the program on the captured bytes {@code data[offset, offset + length)} of a packet that
   * was {@code originalLength} bytes long on the wire ({@code len} in filter expressions).
   *
   * @return the number of bytes to keep, as an unsigned 32-bit value; 0 drops the packet
   */
  public int run(byte[] data, int offset, int length, int originalLength) {
    Objects.checkFromIndexSize(offset, length, data.length);
    return code.run(ByteBuffer.wrap(data), true, offset, length, originalLength);
  }

  /**
   * Whether the program keeps the packet held in {@code buffer[offset, offset + length)}; see
   * {@link #run(ByteBuffer, int, int, int)}.
   */
  public boolean accepts(ByteBuffer buffer, int offset, int length, int originalLength) {
    return run(buffer, offset, length, originalLength) != 0;
  }

  /**
   * Runs the program on the captured bytes {@code buffer[offset, offset + length)} of a packet that
   * was {@code originalLength} bytes long on the wire, in place: offline tools filter straight from
   * their read buffers, without a copy per packet. Only absolute gets are used; the buffer's
   * position and byte order do not matter and are not changed.
   *
   * @return the number of bytes to keep, as an unsigned 32-bit value; 0 drops the packet
   */
  public int run(ByteBuffer buffer, int offset, int length, int originalLength) {
    Objects.checkFromIndexSize(offset, length, buffer.limit());
    return code.run(buffer, buffer.order() == ByteOrder.BIG_ENDIAN, offset, length, originalLength);
  }

  /** The bytecode translation, unless the program is too long or the JVM refused it. */
  private static Optional<BpfCode.Program> translation(List<BpfInstruction> instructions) {
    try {
      return BpfCode.translate(instructions);
    } catch (IllegalStateException e) {
      return Optional.empty(); // a defect in the translation: the interpreter is always right
    }
  }

  /** Whether this program runs as bytecode of its own rather than in the interpreter loop. */
  boolean translated() {
    return translated;
  }

  /** Runs the program in the interpreter loop, whatever runs it otherwise; for cross-checks. */
  int interpret(ByteBuffer p, boolean bigEndian, int base, int len, int wireLength) {
    return evaluate(p, bigEndian, base, len, wireLength, usesMemory ? new int[MEMORY_WORDS] : null);
  }

  /** Loads are network byte order; {@code bigEndian} says whether {@code p} reads that way. */
  private int evaluate(
      ByteBuffer p, boolean bigEndian, int base, int len, int wireLength, int[] memory) {
    final int[] ops = this.ops;
    final int[] ks = this.ks;
    int a = 0;
    int x = 0;
    int pc = 0;
    for (; ; ) {
      final int i = pc++;
      final int k = ks[i];
      switch (ops[i]) {
        case OP_RET_K -> {
          return k;
        }
        case OP_RET_A -> {
          return a;
        }
        case OP_LD_W_ABS -> {
          if (k < 0 || k > len - 4) {
            return 0;
          }
          a = word(p, bigEndian, base + k);
        }
        case OP_LD_H_ABS -> {
          if (k < 0 || k > len - 2) {
            return 0;
          }
          a = halfword(p, bigEndian, base + k);
        }
        case OP_LD_B_ABS -> {
          if (k < 0 || k >= len) {
            return 0;
          }
          a = p.get(base + k) & 0xFF;
        }
        case OP_LD_W_IND -> {
          long at = Integer.toUnsignedLong(x) + Integer.toUnsignedLong(k);
          if (at > len - 4) {
            return 0;
          }
          a = word(p, bigEndian, base + (int) at);
        }
        case OP_LD_H_IND -> {
          long at = Integer.toUnsignedLong(x) + Integer.toUnsignedLong(k);
          if (at > len - 2) {
            return 0;
          }
          a = halfword(p, bigEndian, base + (int) at);
        }
        case OP_LD_B_IND -> {
          long at = Integer.toUnsignedLong(x) + Integer.toUnsignedLong(k);
          if (at >= len) {
            return 0;
          }
          a = p.get(base + (int) at) & 0xFF;
        }
        case OP_LD_LEN -> a = wireLength;
        case OP_LDX_LEN -> x = wireLength;
        case OP_LD_IMM -> a = k;
        case OP_LDX_IMM -> x = k;
        case OP_LDX_MSH -> {
          if (k < 0 || k >= len) {
            return 0;
          }
          x = (p.get(base + k) & 0x0F) << 2;
        }
        case OP_LD_MEM -> a = memory[k];
        case OP_LDX_MEM -> x = memory[k];
        case OP_ST -> memory[k] = a;
        case OP_STX -> memory[k] = x;
        case OP_JA -> pc = jumpTrue[i];
        case OP_JEQ_K -> pc = a == k ? jumpTrue[i] : jumpFalse[i];
        case OP_JGT_K -> pc = (a ^ Integer.MIN_VALUE) > k ? jumpTrue[i] : jumpFalse[i];
        case OP_JGE_K -> pc = (a ^ Integer.MIN_VALUE) >= k ? jumpTrue[i] : jumpFalse[i];
        case OP_JSET_K -> pc = (a & k) != 0 ? jumpTrue[i] : jumpFalse[i];
        case OP_JEQ_X -> pc = a == x ? jumpTrue[i] : jumpFalse[i];
        case OP_JGT_X -> pc = Integer.compareUnsigned(a, x) > 0 ? jumpTrue[i] : jumpFalse[i];
        case OP_JGE_X -> pc = Integer.compareUnsigned(a, x) >= 0 ? jumpTrue[i] : jumpFalse[i];
        case OP_JSET_X -> pc = (a & x) != 0 ? jumpTrue[i] : jumpFalse[i];
        case OP_ADD_K -> a += k;
        case OP_SUB_K -> a -= k;
        case OP_MUL_K -> a *= k;
        case OP_DIV_K -> a = Integer.divideUnsigned(a, k);
        case OP_MOD_K -> a = Integer.remainderUnsigned(a, k);
        case OP_AND_K -> a &= k;
        case OP_OR_K -> a |= k;
        case OP_XOR_K -> a ^= k;
        case OP_LSH_K -> a <<= k;
        case OP_RSH_K -> a >>>= k;
        case OP_ADD_X -> a += x;
        case OP_SUB_X -> a -= x;
        case OP_MUL_X -> a *= x;
        case OP_DIV_X -> {
          if (x == 0) {
            return 0;
          }
          a = Integer.divideUnsigned(a, x);
        }
        case OP_MOD_X -> {
          if (x == 0) {
            return 0;
          }
          a = Integer.remainderUnsigned(a, x);
        }
        case OP_AND_X -> a &= x;
        case OP_OR_X -> a |= x;
        case OP_XOR_X -> a ^= x;
        case OP_LSH_X -> a = (x & ~31) == 0 ? a << x : 0;
        case OP_RSH_X -> a = (x & ~31) == 0 ? a >>> x : 0;
        case OP_NEG -> a = -a;
        case OP_TAX -> x = a;
        case OP_TXA -> a = x;
        default -> throw new IllegalStateException("operation " + ops[i] + " at " + i);
      }
    }
  }

  private static int word(ByteBuffer p, boolean bigEndian, int index) {
    int word = p.getInt(index);
    return bigEndian ? word : Integer.reverseBytes(word);
  }

  private static int halfword(ByteBuffer p, boolean bigEndian, int index) {
    short halfword = p.getShort(index);
    return (bigEndian ? halfword : Short.reverseBytes(halfword)) & 0xFFFF;
  }

  private static int operation(int index, BpfInstruction insn) {
    int code = insn.code();
    return switch (code) {
      case RET | K -> OP_RET_K;
      case RET | A -> OP_RET_A;
      case LD | W | ABS -> OP_LD_W_ABS;
      case LD | H | ABS -> OP_LD_H_ABS;
      case LD | B | ABS -> OP_LD_B_ABS;
      case LD | W | IND -> OP_LD_W_IND;
      case LD | H | IND -> OP_LD_H_IND;
      case LD | B | IND -> OP_LD_B_IND;
      case LD | W | LEN -> OP_LD_LEN;
      case LDX | W | LEN -> OP_LDX_LEN;
      case LD | W | IMM -> OP_LD_IMM;
      case LDX | W | IMM -> OP_LDX_IMM;
      case LDX | B | MSH -> OP_LDX_MSH;
      case LD | W | MEM -> OP_LD_MEM;
      case LDX | W | MEM -> OP_LDX_MEM;
      case ST -> OP_ST;
      case STX -> OP_STX;
      case JMP | JA -> OP_JA;
      case JMP | JEQ | K -> OP_JEQ_K;
      case JMP | JGT | K -> OP_JGT_K;
      case JMP | JGE | K -> OP_JGE_K;
      case JMP | JSET | K -> OP_JSET_K;
      case JMP | JEQ | X -> OP_JEQ_X;
      case JMP | JGT | X -> OP_JGT_X;
      case JMP | JGE | X -> OP_JGE_X;
      case JMP | JSET | X -> OP_JSET_X;
      case ALU | ADD | K -> OP_ADD_K;
      case ALU | SUB | K -> OP_SUB_K;
      case ALU | MUL | K -> OP_MUL_K;
      case ALU | DIV | K -> OP_DIV_K;
      case ALU | MOD | K -> OP_MOD_K;
      case ALU | AND | K -> OP_AND_K;
      case ALU | OR | K -> OP_OR_K;
      case ALU | XOR | K -> OP_XOR_K;
      case ALU | LSH | K -> OP_LSH_K;
      case ALU | RSH | K -> OP_RSH_K;
      case ALU | ADD | X -> OP_ADD_X;
      case ALU | SUB | X -> OP_SUB_X;
      case ALU | MUL | X -> OP_MUL_X;
      case ALU | DIV | X -> OP_DIV_X;
      case ALU | MOD | X -> OP_MOD_X;
      case ALU | AND | X -> OP_AND_X;
      case ALU | OR | X -> OP_OR_X;
      case ALU | XOR | X -> OP_XOR_X;
      case ALU | LSH | X -> OP_LSH_X;
      case ALU | RSH | X -> OP_RSH_X;
      case ALU | NEG -> OP_NEG;
      case MISC | TAX -> OP_TAX;
      case MISC | TXA -> OP_TXA;
      default -> throw invalid(index, insn, String.format("unknown opcode 0x%x", code));
    };
  }

  private static int checkTarget(int index, BpfInstruction insn, long target, int n) {
    if (target >= n) {
      throw invalid(
          index,
          insn,
          "jump to instruction " + target + " is beyond the last instruction " + (n - 1));
    }
    return (int) target;
  }

  private static IllegalArgumentException invalid(int index, BpfInstruction insn, String problem) {
    return new IllegalArgumentException(
        "invalid BPF program: instruction " + index + " " + insn + ": " + problem);
  }
}
