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
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * A classic-BPF program translated to JVM bytecode, one hidden class per program, so that the JIT
 * compiles it to straight-line code: the interpreter's loop dispatches every instruction through a
 * switch, which cost a quarter of filtering a file with {@code udp} once compiled.
 *
 * <p>The translation is instruction for instruction, with the interpreter's semantics (the bounds
 * checks, unsigned comparisons and division, shifts by X of 32 or more giving 0). Packet loads go
 * through the small static methods below, which return -1 for a load outside the captured bytes.
 * Only programs that {@link BpfInterpreter} has checked are translated.
 */
final class BpfCode {
  /** What a translated program implements; its class is generated per program. */
  interface Program {
    int run(ByteBuffer packet, boolean bigEndian, int base, int length, int wireLength);
  }

  /**
   * Longer programs stay interpreted: the HotSpot JIT does not compile methods over 8000 bytes of
   * bytecode, and about 20 bytes are generated per instruction. tcpdump expressions take tens.
   */
  static final int MAX_INSTRUCTIONS = 300;

  private static final ClassDesc PROGRAM = ClassDesc.of(Program.class.getName());
  private static final ClassDesc BPF_CODE = ClassDesc.of(BpfCode.class.getName());
  private static final ClassDesc BYTE_BUFFER = ClassDesc.of(ByteBuffer.class.getName());
  private static final ClassDesc INTEGER = ClassDesc.of(Integer.class.getName());
  private static final MethodTypeDesc RUN =
      MethodTypeDesc.of(CD_int, BYTE_BUFFER, CD_boolean, CD_int, CD_int, CD_int);
  private static final MethodTypeDesc LOAD =
      MethodTypeDesc.of(CD_long, BYTE_BUFFER, CD_boolean, CD_int, CD_int, CD_long);
  private static final MethodTypeDesc INT_INT_TO_INT = MethodTypeDesc.of(CD_int, CD_int, CD_int);
  private static final MethodTypeDesc INT_TO_LONG = MethodTypeDesc.of(CD_long, CD_int);

  // Parameter slots of run; slot 0 is the instance.
  private static final int PACKET = 1;
  private static final int BIG_ENDIAN = 2;
  private static final int BASE = 3;
  private static final int LENGTH = 4;
  private static final int WIRE_LENGTH = 5;

  private BpfCode() {}

  /**
   * The program as a class of its own, or empty when it is too long to gain from it. {@code
   * instructions} must have passed {@link BpfInterpreter}'s checks.
   */
  static Optional<Program> translate(List<BpfInstruction> instructions) {
    if (instructions.size() > MAX_INSTRUCTIONS) {
      return Optional.empty();
    }
    byte[] bytes =
        ClassFile.of()
            .build(
                ClassDesc.of(BpfCode.class.getPackageName(), "BpfProgramCode"),
                type -> {
                  type.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
                  type.withInterfaceSymbols(PROGRAM);
                  type.withMethodBody(
                      "<init>",
                      MethodTypeDesc.of(CD_void),
                      ClassFile.ACC_PUBLIC,
                      code ->
                          code.aload(0)
                              .invokespecial(CD_Object, "<init>", MethodTypeDesc.of(CD_void))
                              .return_());
                  type.withMethodBody(
                      "run", RUN, ClassFile.ACC_PUBLIC, code -> body(code, instructions));
                });
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
      return Optional.of(
          (Program)
              lookup
                  .findConstructor(
                      lookup.lookupClass(), java.lang.invoke.MethodType.methodType(void.class))
                  .invoke());
    } catch (Throwable e) {
      if (e instanceof Error error && !(e instanceof LinkageError)) {
        throw error;
      }
      throw new IllegalStateException("generated BPF code was refused: " + e, e);
    }
  }

  private static void body(CodeBuilder code, List<BpfInstruction> instructions) {
    int n = instructions.size();
    int a = code.allocateLocal(TypeKind.INT);
    int x = code.allocateLocal(TypeKind.INT);
    int memory = code.allocateLocal(TypeKind.REFERENCE);
    int loaded = code.allocateLocal(TypeKind.LONG);
    Label[] at = new Label[n];
    for (int i = 0; i < n; i++) {
      at[i] = code.newLabel();
    }
    Label reject = code.newLabel();
    code.iconst_0().istore(a).iconst_0().istore(x);
    boolean usesMemory =
        instructions.stream()
            .anyMatch(
                insn ->
                    insn.code() == (LD | W | MEM)
                        || insn.code() == (LDX | W | MEM)
                        || insn.code() == ST
                        || insn.code() == STX);
    if (usesMemory) {
      code.loadConstant(MEMORY_WORDS).newarray(TypeKind.INT).astore(memory);
    } else {
      code.aconst_null().astore(memory);
    }
    for (int i = 0; i < n; i++) {
      BpfInstruction insn = instructions.get(i);
      int k = insn.k();
      code.labelBinding(at[i]);
      switch (insn.code()) {
        case RET | K -> code.loadConstant(k).ireturn();
        case RET | A -> code.iload(a).ireturn();
        case LD | W | ABS -> absolute(code, "word", k, a, loaded, reject);
        case LD | H | ABS -> absolute(code, "halfword", k, a, loaded, reject);
        case LD | B | ABS -> absolute(code, "octet", k, a, loaded, reject);
        case LD | W | IND -> indirect(code, "word", k, x, a, loaded, reject);
        case LD | H | IND -> indirect(code, "halfword", k, x, a, loaded, reject);
        case LD | B | IND -> indirect(code, "octet", k, x, a, loaded, reject);
        case LD | W | LEN -> code.iload(WIRE_LENGTH).istore(a);
        case LDX | W | LEN -> code.iload(WIRE_LENGTH).istore(x);
        case LD | W | IMM -> code.loadConstant(k).istore(a);
        case LDX | W | IMM -> code.loadConstant(k).istore(x);
        case LDX | B | MSH -> {
          if (k < 0) {
            code.goto_(reject);
          } else {
            code.aload(PACKET)
                .iload(BIG_ENDIAN)
                .iload(BASE)
                .iload(LENGTH)
                .loadConstant((long) k)
                .invokestatic(BPF_CODE, "octet", LOAD);
            loadedOrReject(code, loaded, reject);
            code.l2i().bipush(0x0F).iand().iconst_2().ishl().istore(x);
          }
        }
        case LD | W | MEM -> code.aload(memory).loadConstant(k).iaload().istore(a);
        case LDX | W | MEM -> code.aload(memory).loadConstant(k).iaload().istore(x);
        case ST -> code.aload(memory).loadConstant(k).iload(a).iastore();
        case STX -> code.aload(memory).loadConstant(k).iload(x).iastore();
        case JMP | JA -> code.goto_(at[(int) (i + 1L + Integer.toUnsignedLong(k))]);
        case JMP | JEQ | K -> {
          code.iload(a).loadConstant(k).if_icmpeq(at[i + 1 + insn.jt()]);
          code.goto_(at[i + 1 + insn.jf()]);
        }
        case JMP | JEQ | X -> {
          code.iload(a).iload(x).if_icmpeq(at[i + 1 + insn.jt()]);
          code.goto_(at[i + 1 + insn.jf()]);
        }
        case JMP | JGT | K -> {
          // Unsigned comparison as a signed one: both sides get their sign bit flipped.
          code.iload(a).loadConstant(Integer.MIN_VALUE).ixor();
          code.loadConstant(k ^ Integer.MIN_VALUE).if_icmpgt(at[i + 1 + insn.jt()]);
          code.goto_(at[i + 1 + insn.jf()]);
        }
        case JMP | JGT | X -> {
          code.iload(a).loadConstant(Integer.MIN_VALUE).ixor();
          code.iload(x).loadConstant(Integer.MIN_VALUE).ixor().if_icmpgt(at[i + 1 + insn.jt()]);
          code.goto_(at[i + 1 + insn.jf()]);
        }
        case JMP | JGE | K -> {
          code.iload(a).loadConstant(Integer.MIN_VALUE).ixor();
          code.loadConstant(k ^ Integer.MIN_VALUE).if_icmpge(at[i + 1 + insn.jt()]);
          code.goto_(at[i + 1 + insn.jf()]);
        }
        case JMP | JGE | X -> {
          code.iload(a).loadConstant(Integer.MIN_VALUE).ixor();
          code.iload(x).loadConstant(Integer.MIN_VALUE).ixor().if_icmpge(at[i + 1 + insn.jt()]);
          code.goto_(at[i + 1 + insn.jf()]);
        }
        case JMP | JSET | K -> {
          code.iload(a).loadConstant(k).iand().ifne(at[i + 1 + insn.jt()]);
          code.goto_(at[i + 1 + insn.jf()]);
        }
        case JMP | JSET | X -> {
          code.iload(a).iload(x).iand().ifne(at[i + 1 + insn.jt()]);
          code.goto_(at[i + 1 + insn.jf()]);
        }
        case ALU | ADD | K -> code.iload(a).loadConstant(k).iadd().istore(a);
        case ALU | SUB | K -> code.iload(a).loadConstant(k).isub().istore(a);
        case ALU | MUL | K -> code.iload(a).loadConstant(k).imul().istore(a);
        case ALU | DIV | K -> unsigned(code, "divideUnsigned", a, () -> code.loadConstant(k));
        case ALU | MOD | K -> unsigned(code, "remainderUnsigned", a, () -> code.loadConstant(k));
        case ALU | AND | K -> code.iload(a).loadConstant(k).iand().istore(a);
        case ALU | OR | K -> code.iload(a).loadConstant(k).ior().istore(a);
        case ALU | XOR | K -> code.iload(a).loadConstant(k).ixor().istore(a);
        case ALU | LSH | K -> code.iload(a).loadConstant(k).ishl().istore(a);
        case ALU | RSH | K -> code.iload(a).loadConstant(k).iushr().istore(a);
        case ALU | ADD | X -> code.iload(a).iload(x).iadd().istore(a);
        case ALU | SUB | X -> code.iload(a).iload(x).isub().istore(a);
        case ALU | MUL | X -> code.iload(a).iload(x).imul().istore(a);
        case ALU | DIV | X -> {
          code.iload(x).ifeq(reject);
          unsigned(code, "divideUnsigned", a, () -> code.iload(x));
        }
        case ALU | MOD | X -> {
          code.iload(x).ifeq(reject);
          unsigned(code, "remainderUnsigned", a, () -> code.iload(x));
        }
        case ALU | AND | X -> code.iload(a).iload(x).iand().istore(a);
        case ALU | OR | X -> code.iload(a).iload(x).ior().istore(a);
        case ALU | XOR | X -> code.iload(a).iload(x).ixor().istore(a);
        case ALU | LSH | X -> shiftByX(code, a, x, true);
        case ALU | RSH | X -> shiftByX(code, a, x, false);
        case ALU | NEG -> code.iload(a).ineg().istore(a);
        case MISC | TAX -> code.iload(a).istore(x);
        case MISC | TXA -> code.iload(x).istore(a);
        default ->
            throw new IllegalArgumentException(
                "instruction " + i + " " + insn + " was not checked before translation");
      }
    }
    code.labelBinding(reject);
    code.iconst_0().ireturn();
  }

  /**
   * A load at the constant offset {@code k}: out of bounds when negative, as in the interpreter.
   */
  private static void absolute(
      CodeBuilder code, String size, int k, int a, int loaded, Label reject) {
    if (k < 0) {
      code.goto_(reject);
      return;
    }
    code.aload(PACKET)
        .iload(BIG_ENDIAN)
        .iload(BASE)
        .iload(LENGTH)
        .loadConstant((long) k)
        .invokestatic(BPF_CODE, size, LOAD);
    loadedOrReject(code, loaded, reject);
    code.l2i().istore(a);
  }

  /** A load at X + k, both unsigned, added without overflow. */
  private static void indirect(
      CodeBuilder code, String size, int k, int x, int a, int loaded, Label reject) {
    code.aload(PACKET).iload(BIG_ENDIAN).iload(BASE).iload(LENGTH);
    code.iload(x).invokestatic(INTEGER, "toUnsignedLong", INT_TO_LONG);
    code.loadConstant(Integer.toUnsignedLong(k)).ladd();
    code.invokestatic(BPF_CODE, size, LOAD);
    loadedOrReject(code, loaded, reject);
    code.l2i().istore(a);
  }

  /** Leaves the loaded value on the stack, or ends the program with 0 for a load out of bounds. */
  private static void loadedOrReject(CodeBuilder code, int loaded, Label reject) {
    code.lstore(loaded).lload(loaded).loadConstant(-1L).lcmp().ifeq(reject);
    code.lload(loaded);
  }

  private static void unsigned(CodeBuilder code, String operation, int a, Runnable divisor) {
    code.iload(a);
    divisor.run();
    code.invokestatic(INTEGER, operation, INT_INT_TO_INT).istore(a);
  }

  /** Shifts A by X; by 32 or more gives 0, as libpcap's {@code bpf_filter} does. */
  private static void shiftByX(CodeBuilder code, int a, int x, boolean left) {
    Label inRange = code.newLabel();
    Label done = code.newLabel();
    code.iload(x).loadConstant(~31).iand().ifeq(inRange);
    code.iconst_0().istore(a).goto_(done);
    code.labelBinding(inRange);
    code.iload(a).iload(x);
    if (left) {
      code.ishl();
    } else {
      code.iushr();
    }
    code.istore(a);
    code.labelBinding(done);
  }

  /** The big-endian word at {@code at}, unsigned, or -1 when it is not all captured. */
  static long word(ByteBuffer packet, boolean bigEndian, int base, int length, long at) {
    if (at > length - 4L) {
      return -1;
    }
    int word = packet.getInt(base + (int) at);
    return Integer.toUnsignedLong(bigEndian ? word : Integer.reverseBytes(word));
  }

  /** The big-endian halfword at {@code at}, or -1 when it is not all captured. */
  static long halfword(ByteBuffer packet, boolean bigEndian, int base, int length, long at) {
    if (at > length - 2L) {
      return -1;
    }
    short halfword = packet.getShort(base + (int) at);
    return (bigEndian ? halfword : Short.reverseBytes(halfword)) & 0xFFFF;
  }

  /** The byte at {@code at}, or -1 when it is not captured. */
  static long octet(ByteBuffer packet, boolean bigEndian, int base, int length, long at) {
    if (at >= length) {
      return -1;
    }
    return packet.get(base + (int) at) & 0xFF;
  }
}
