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
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Programs translated to bytecode give what the interpreter loop gives, packet for packet. */
class BpfCodeTest {
  /** Every opcode the interpreter runs. */
  private static final int[] CODES = {
    RET | K,
    RET | A,
    LD | W | ABS,
    LD | H | ABS,
    LD | B | ABS,
    LD | W | IND,
    LD | H | IND,
    LD | B | IND,
    LD | W | LEN,
    LDX | W | LEN,
    LD | W | IMM,
    LDX | W | IMM,
    LDX | B | MSH,
    LD | W | MEM,
    LDX | W | MEM,
    ST,
    STX,
    JMP | JA,
    JMP | JEQ | K,
    JMP | JGT | K,
    JMP | JGE | K,
    JMP | JSET | K,
    JMP | JEQ | X,
    JMP | JGT | X,
    JMP | JGE | X,
    JMP | JSET | X,
    ALU | ADD | K,
    ALU | SUB | K,
    ALU | MUL | K,
    ALU | DIV | K,
    ALU | MOD | K,
    ALU | AND | K,
    ALU | OR | K,
    ALU | XOR | K,
    ALU | LSH | K,
    ALU | RSH | K,
    ALU | ADD | X,
    ALU | SUB | X,
    ALU | MUL | X,
    ALU | DIV | X,
    ALU | MOD | X,
    ALU | AND | X,
    ALU | OR | X,
    ALU | XOR | X,
    ALU | LSH | X,
    ALU | RSH | X,
    ALU | NEG,
    MISC | TAX,
    MISC | TXA
  };

  /** Constants around the edges that matter: packet offsets, sign bits, shift widths. */
  private static int constant(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> random.nextInt(80);
      case 1 -> random.nextInt(40) - 4;
      case 2 -> Integer.MIN_VALUE + random.nextInt(3);
      case 3 -> Integer.MAX_VALUE - random.nextInt(5);
      case 4 -> random.nextInt(33);
      default -> random.nextInt();
    };
  }

  /** A random program the interpreter accepts, ending in a return. */
  private static BpfInterpreter program(SplittableRandom random) {
    while (true) {
      int n = 2 + random.nextInt(30);
      List<BpfInstruction> instructions = new ArrayList<>();
      for (int i = 0; i < n - 1; i++) {
        int code = CODES[random.nextInt(CODES.length)];
        int k = constant(random);
        int room = n - 2 - i; // jumps land on a later instruction, the return at worst
        int jt = random.nextInt(Math.min(room, 255) + 1);
        int jf = random.nextInt(Math.min(room, 255) + 1);
        switch (code) {
          case LD | W | MEM, LDX | W | MEM, ST, STX -> k = random.nextInt(16);
          case ALU | LSH | K, ALU | RSH | K -> k = random.nextInt(32);
          case ALU | DIV | K, ALU | MOD | K -> k = k == 0 ? 7 : k;
          case JMP | JA -> k = random.nextInt(room + 1);
          default -> {}
        }
        instructions.add(new BpfInstruction(code, jt, jf, k));
      }
      instructions.add(new BpfInstruction(random.nextBoolean() ? RET | A : RET | K, 0, 0, 1));
      try {
        return new BpfInterpreter(new BpfProgram(instructions));
      } catch (IllegalArgumentException e) {
        // a combination the checks refuse: draw another
      }
    }
  }

  @Test
  void randomProgramsGiveTheInterpretersResultOnRandomPackets() {
    SplittableRandom random = new SplittableRandom(515);
    int accepted = 0;
    for (int p = 0; p < 3000; p++) {
      BpfInterpreter interpreter = program(random);
      assertThat(interpreter.translated()).isTrue();
      for (int q = 0; q < 20; q++) {
        byte[] bytes = new byte[random.nextInt(80)];
        random.nextBytes(bytes);
        ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length + 8).order(order);
        buffer.put(5, bytes);
        int wire = bytes.length + random.nextInt(3) * random.nextInt(2000);

        int translated = interpreter.run(buffer, 5, bytes.length, wire);
        int interpreted =
            interpreter.interpret(buffer, order == ByteOrder.BIG_ENDIAN, 5, bytes.length, wire);

        assertThat(translated)
            .as("program %s on %d bytes", interpreter.program(), bytes.length)
            .isEqualTo(interpreted);
        accepted += translated != 0 ? 1 : 0;
      }
    }
    assertThat(accepted).as("packets accepted of 60000").isBetween(5000, 55000);
  }

  @Test
  void programsLongerThanTheLimitRunInTheInterpreterLoop() {
    List<BpfInstruction> instructions = new ArrayList<>();
    for (int i = 0; i < BpfCode.MAX_INSTRUCTIONS; i++) {
      instructions.add(new BpfInstruction(ALU | ADD | K, 0, 0, 1));
    }
    instructions.add(new BpfInstruction(RET | A, 0, 0, 0));

    BpfInterpreter interpreter = new BpfInterpreter(new BpfProgram(instructions));

    assertThat(interpreter.translated()).isFalse();
    assertThat(interpreter.run(new byte[0], 0, 0, 0)).isEqualTo(BpfCode.MAX_INSTRUCTIONS);
  }
}
