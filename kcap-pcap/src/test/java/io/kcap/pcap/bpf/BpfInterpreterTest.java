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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import io.kcap.pcap.testing.TcpdumpOracle;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpfInterpreterTest {
  private static final byte[] PACKET = {
    0x01, 0x02, 0x03, 0x04, (byte) 0x85, 0x06, 0x07, 0x08, 0x09, 0x0a
  };

  private static BpfInstruction stmt(int code, int k) {
    return new BpfInstruction(code, 0, 0, k);
  }

  private static BpfInstruction jump(int code, int k, int jt, int jf) {
    return new BpfInstruction(code, jt, jf, k);
  }

  /** Runs on an array and, checking that it agrees, in place in a buffer as offline tools do. */
  private static int run(byte[] packet, BpfInstruction... instructions) {
    BpfInterpreter interpreter = new BpfInterpreter(new BpfProgram(List.of(instructions)));
    int fromArray = interpreter.run(packet, 0, packet.length, packet.length);
    assertThat(inReadBuffer(interpreter, packet)).as("in a read buffer").isEqualTo(fromArray);
    assertThat(interpreter.translated()).isTrue();
    assertThat(
            interpreter.interpret(ByteBuffer.wrap(packet), true, 0, packet.length, packet.length))
        .as("in the interpreter loop")
        .isEqualTo(fromArray);
    return fromArray;
  }

  /**
   * Runs on the packet placed in the middle of a little-endian direct buffer, as a capture file's
   * bytes lie in a reader's buffer: other bytes before and after, the file's byte order.
   */
  private static int inReadBuffer(BpfInterpreter interpreter, byte[] packet) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(packet.length + 6).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < buffer.capacity(); i++) {
      buffer.put(i, (byte) 0x5a);
    }
    buffer.put(3, packet).position(1);
    int result = interpreter.run(buffer, 3, packet.length, packet.length);
    assertThat(buffer.position()).isEqualTo(1);
    assertThat(buffer.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    return result;
  }

  @Test
  void packetsInBuffersOfEitherByteOrderAreReadInNetworkOrder() {
    BpfInterpreter interpreter =
        new BpfInterpreter(
            new BpfProgram(
                List.of(
                    stmt(LD | W | ABS, 2),
                    stmt(MISC | TAX, 0),
                    stmt(LD | H | ABS, 4),
                    jump(JMP | JEQ | K, 0x8506, 0, 1),
                    stmt(MISC | TXA, 0),
                    stmt(RET | A, 0))));
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      ByteBuffer heap = ByteBuffer.wrap(PACKET).order(order);
      ByteBuffer direct = ByteBuffer.allocateDirect(PACKET.length).put(0, PACKET).order(order);

      assertThat(interpreter.run(heap, 0, PACKET.length, PACKET.length)).isEqualTo(0x03048506);
      assertThat(interpreter.run(direct, 0, PACKET.length, PACKET.length)).isEqualTo(0x03048506);
    }
  }

  @Test
  void aSliceBeyondTheBufferIsRefused() {
    BpfInterpreter interpreter = new BpfInterpreter(new BpfProgram(List.of(stmt(RET | K, 1))));
    ByteBuffer buffer = ByteBuffer.allocateDirect(8);

    assertThatThrownBy(() -> interpreter.run(buffer, 4, 5, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** Runs the instructions, then returns the accumulator. */
  private static int accumulatorAfter(BpfInstruction... instructions) {
    BpfInstruction[] program = new BpfInstruction[instructions.length + 1];
    System.arraycopy(instructions, 0, program, 0, instructions.length);
    program[instructions.length] = stmt(RET | A, 0);
    return run(PACKET, program);
  }

  @Test
  void absoluteLoadsReadBigEndianWordsHalfWordsAndBytes() {
    assertThat(accumulatorAfter(stmt(LD | W | ABS, 2))).isEqualTo(0x03048506);
    assertThat(accumulatorAfter(stmt(LD | H | ABS, 4))).isEqualTo(0x8506);
    assertThat(accumulatorAfter(stmt(LD | B | ABS, 4))).isEqualTo(0x85);
  }

  @Test
  void loadsThatEndExactlyAtTheLastCapturedByteSucceedAndOneFurtherRejects() {
    assertThat(accumulatorAfter(stmt(LD | W | ABS, 6))).isEqualTo(0x0708090a);
    assertThat(accumulatorAfter(stmt(LD | W | ABS, 7))).isZero();
    assertThat(accumulatorAfter(stmt(LD | H | ABS, 8))).isEqualTo(0x090a);
    assertThat(accumulatorAfter(stmt(LD | H | ABS, 9))).isZero();
    assertThat(accumulatorAfter(stmt(LD | B | ABS, 9))).isEqualTo(0x0a);
    assertThat(accumulatorAfter(stmt(LD | B | ABS, 10))).isZero();
    assertThat(accumulatorAfter(stmt(LD | B | ABS, BpfOpcode.LINUX_ANCILLARY_OFFSET + 44)))
        .isZero();
  }

  @Test
  void anOutOfBoundsLoadRejectsEvenWhenTheProgramWouldAcceptLater() {
    assertThat(run(PACKET, stmt(LD | B | ABS, 100), stmt(RET | K, 99))).isZero();
  }

  @Test
  void indirectLoadsAddTheIndexRegisterAndCheckBoundsWithoutOverflow() {
    assertThat(accumulatorAfter(stmt(LDX | W | IMM, 3), stmt(LD | H | IND, 1))).isEqualTo(0x8506);
    assertThat(accumulatorAfter(stmt(LDX | W | IMM, 3), stmt(LD | W | IND, 3)))
        .isEqualTo(0x0708090a);
    assertThat(accumulatorAfter(stmt(LDX | W | IMM, 3), stmt(LD | B | IND, 6))).isEqualTo(0x0a);
    assertThat(accumulatorAfter(stmt(LDX | W | IMM, 3), stmt(LD | B | IND, 7))).isZero();
    // X + k wraps to 1 in 32 bits; libpcap treats it as out of bounds, and so do we.
    assertThat(accumulatorAfter(stmt(LDX | W | IMM, -1), stmt(LD | B | IND, 2))).isZero();
  }

  @Test
  void theIpHeaderLengthLoadMultipliesTheLowNibbleByFour() {
    BpfInstruction[] program = {stmt(LDX | B | MSH, 4), stmt(MISC | TXA, 0), stmt(RET | A, 0)};
    assertThat(run(PACKET, program)).isEqualTo(5 * 4);
    assertThat(run(new byte[4], program)).isZero();
  }

  @Test
  void lengthLoadsGiveTheOriginalLengthOnTheWireNotTheCapturedOne() {
    BpfInterpreter interpreter =
        new BpfInterpreter(new BpfProgram(List.of(stmt(LD | W | LEN, 0), stmt(RET | A, 0))));
    assertThat(interpreter.run(new Packet(0, 1500, 0, PACKET))).isEqualTo(1500);
    BpfInterpreter xLength =
        new BpfInterpreter(
            new BpfProgram(List.of(stmt(LDX | W | LEN, 0), stmt(MISC | TXA, 0), stmt(RET | A, 0))));
    assertThat(xLength.run(PACKET, 0, 4, 60)).isEqualTo(60);
  }

  @Test
  void packetsAreReadFromTheGivenSliceOfTheArray() {
    BpfInterpreter interpreter =
        new BpfInterpreter(new BpfProgram(List.of(stmt(LD | H | ABS, 0), stmt(RET | A, 0))));
    assertThat(interpreter.run(PACKET, 4, 2, 2)).isEqualTo(0x8506);
    assertThat(interpreter.run(PACKET, 9, 1, 1)).isZero();
  }

  @Test
  void scratchMemoryStartsZeroedAndKeepsStoredValues() {
    assertThat(accumulatorAfter(stmt(LD | W | MEM, 15))).isZero();
    assertThat(
            accumulatorAfter(
                stmt(LD | W | IMM, 7),
                stmt(ST, 3),
                stmt(LDX | W | IMM, 9),
                stmt(STX, 4),
                stmt(LD | W | MEM, 3),
                stmt(LDX | W | MEM, 4),
                stmt(ALU | MUL | X, 0)))
        .isEqualTo(63);
  }

  @Test
  void arithmeticIsUnsigned32Bit() {
    assertThat(accumulatorAfter(stmt(LD | W | IMM, -1), stmt(ALU | ADD | K, 2))).isEqualTo(1);
    assertThat(accumulatorAfter(stmt(LD | W | IMM, 1), stmt(ALU | SUB | K, 2))).isEqualTo(-1);
    assertThat(accumulatorAfter(stmt(LD | W | IMM, 0x10000), stmt(ALU | MUL | K, 0x10001)))
        .isEqualTo(0x10000);
    assertThat(accumulatorAfter(stmt(LD | W | IMM, -2), stmt(ALU | DIV | K, 2)))
        .isEqualTo(0x7fffffff);
    assertThat(accumulatorAfter(stmt(LD | W | IMM, -1), stmt(ALU | MOD | K, 10)))
        .isEqualTo((int) (0xffffffffL % 10));
    assertThat(accumulatorAfter(stmt(LD | W | IMM, 0xf0f0), stmt(ALU | AND | K, 0xff00)))
        .isEqualTo(0xf000);
    assertThat(accumulatorAfter(stmt(LD | W | IMM, 0xf0f0), stmt(ALU | OR | K, 0x0f00)))
        .isEqualTo(0xfff0);
    assertThat(accumulatorAfter(stmt(LD | W | IMM, 0xf0f0), stmt(ALU | XOR | K, 0xffff)))
        .isEqualTo(0x0f0f);
    assertThat(accumulatorAfter(stmt(LD | W | IMM, 3), stmt(ALU | LSH | K, 30)))
        .isEqualTo(0xc0000000);
    assertThat(accumulatorAfter(stmt(LD | W | IMM, 0x80000000), stmt(ALU | RSH | K, 31)))
        .isEqualTo(1);
    assertThat(accumulatorAfter(stmt(LD | W | IMM, 5), stmt(ALU | NEG, 0))).isEqualTo(-5);
  }

  @Test
  void arithmeticWithTheIndexRegister() {
    BpfInstruction loadX = stmt(LDX | W | IMM, 3);
    BpfInstruction loadA = stmt(LD | W | IMM, 20);
    assertThat(accumulatorAfter(loadX, loadA, stmt(ALU | ADD | X, 0))).isEqualTo(23);
    assertThat(accumulatorAfter(loadX, loadA, stmt(ALU | SUB | X, 0))).isEqualTo(17);
    assertThat(accumulatorAfter(loadX, loadA, stmt(ALU | MUL | X, 0))).isEqualTo(60);
    assertThat(accumulatorAfter(loadX, loadA, stmt(ALU | DIV | X, 0))).isEqualTo(6);
    assertThat(accumulatorAfter(loadX, loadA, stmt(ALU | MOD | X, 0))).isEqualTo(2);
    assertThat(accumulatorAfter(loadX, loadA, stmt(ALU | AND | X, 0))).isEqualTo(0);
    assertThat(accumulatorAfter(loadX, loadA, stmt(ALU | OR | X, 0))).isEqualTo(23);
    assertThat(accumulatorAfter(loadX, loadA, stmt(ALU | XOR | X, 0))).isEqualTo(23);
    assertThat(accumulatorAfter(loadX, loadA, stmt(ALU | LSH | X, 0))).isEqualTo(160);
    assertThat(accumulatorAfter(loadX, loadA, stmt(ALU | RSH | X, 0))).isEqualTo(2);
    assertThat(accumulatorAfter(loadA, stmt(MISC | TAX, 0), stmt(ALU | ADD | X, 0))).isEqualTo(40);
  }

  @Test
  void shiftingByThirtyTwoOrMoreInXGivesZeroAsInLibpcap() {
    BpfInstruction loadA = stmt(LD | W | IMM, -1);
    assertThat(accumulatorAfter(stmt(LDX | W | IMM, 32), loadA, stmt(ALU | LSH | X, 0))).isZero();
    assertThat(accumulatorAfter(stmt(LDX | W | IMM, 33), loadA, stmt(ALU | RSH | X, 0))).isZero();
    assertThat(accumulatorAfter(stmt(LDX | W | IMM, -1), loadA, stmt(ALU | RSH | X, 0))).isZero();
  }

  @Test
  void divisionByAZeroIndexRegisterRejectsThePacket() {
    assertThat(
            run(
                PACKET,
                stmt(LD | W | IMM, 10),
                stmt(LDX | W | IMM, 0),
                stmt(ALU | DIV | X, 0),
                stmt(RET | K, 99)))
        .isZero();
    assertThat(
            run(
                PACKET,
                stmt(LD | W | IMM, 10),
                stmt(LDX | W | IMM, 0),
                stmt(ALU | MOD | X, 0),
                stmt(RET | K, 99)))
        .isZero();
  }

  @Test
  void conditionalJumpsCompareUnsigned() {
    BpfInstruction big = stmt(LD | W | IMM, 0x80000000);
    BpfInstruction yes = stmt(RET | K, 1);
    BpfInstruction no = stmt(RET | K, 2);
    assertThat(run(PACKET, big, jump(JMP | JGT | K, 1, 0, 1), yes, no)).isEqualTo(1);
    assertThat(run(PACKET, big, jump(JMP | JGT | K, 0x80000000, 0, 1), yes, no)).isEqualTo(2);
    assertThat(run(PACKET, big, jump(JMP | JGE | K, 0x80000000, 0, 1), yes, no)).isEqualTo(1);
    assertThat(run(PACKET, big, jump(JMP | JGE | K, 0x80000001, 0, 1), yes, no)).isEqualTo(2);
    assertThat(run(PACKET, big, jump(JMP | JEQ | K, 0x80000000, 0, 1), yes, no)).isEqualTo(1);
    assertThat(run(PACKET, big, jump(JMP | JSET | K, 0x80000001, 0, 1), yes, no)).isEqualTo(1);
    assertThat(run(PACKET, big, jump(JMP | JSET | K, 0x7fffffff, 0, 1), yes, no)).isEqualTo(2);

    BpfInstruction x = stmt(LDX | W | IMM, 5);
    assertThat(run(PACKET, x, big, jump(JMP | JGT | X, 0, 0, 1), yes, no)).isEqualTo(1);
    assertThat(run(PACKET, x, big, jump(JMP | JGE | X, 0, 0, 1), yes, no)).isEqualTo(1);
    assertThat(run(PACKET, x, big, jump(JMP | JEQ | X, 0, 0, 1), yes, no)).isEqualTo(2);
    assertThat(run(PACKET, x, big, jump(JMP | JSET | X, 0, 0, 1), yes, no)).isEqualTo(2);
    BpfInstruction five = stmt(LD | W | IMM, 5);
    assertThat(run(PACKET, x, five, jump(JMP | JGE | X, 0, 0, 1), yes, no)).isEqualTo(1);
    assertThat(run(PACKET, x, five, jump(JMP | JGT | X, 0, 0, 1), yes, no)).isEqualTo(2);
  }

  @Test
  void unconditionalJumpsSkipForward() {
    assertThat(run(PACKET, stmt(JMP | JA, 2), stmt(RET | K, 1), stmt(RET | K, 2), stmt(RET | K, 3)))
        .isEqualTo(3);
  }

  @Test
  void returnValuesAreUnsigned32BitAcceptLengths() {
    assertThat(run(PACKET, stmt(RET | K, -1))).isEqualTo(-1);
    assertThat(Integer.toUnsignedLong(run(PACKET, stmt(RET | K, -1)))).isEqualTo(0xffffffffL);
    assertThat(
            new BpfInterpreter(new BpfProgram(List.of(stmt(RET | K, 0))))
                .accepts(Packet.of(0, PACKET)))
        .isFalse();
  }

  @Test
  void rejectsUnknownOpcodesNamingTheInstruction() {
    assertThatThrownBy(
            () -> new BpfInterpreter(new BpfProgram(List.of(stmt(0x0e, 0), stmt(RET | K, 0)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid BPF program: instruction 0 { 0xe, 0, 0, 0x00000000 }: unknown opcode 0xe");
  }

  @Test
  void rejectsJumpsPastTheEnd() {
    assertThatThrownBy(
            () ->
                new BpfInterpreter(
                    new BpfProgram(List.of(jump(JMP | JEQ | K, 0, 0, 2), stmt(RET | K, 0)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instruction 0")
        .hasMessageContaining("jump to instruction 3 is beyond the last instruction 1");
    assertThatThrownBy(
            () -> new BpfInterpreter(new BpfProgram(List.of(stmt(JMP | JA, 1), stmt(RET | K, 0)))))
        .hasMessageContaining("jump to instruction 2 is beyond the last instruction 1");
  }

  @Test
  void rejectsBackwardJumpsAsTheKernelDoes(@TempDir Path directory) throws Exception {
    BpfProgram protochain =
        new TcpdumpOracle(directory).compile("ip6 protochain 6", LinkType.ETHERNET, 65535);
    assertThatThrownBy(() -> new BpfInterpreter(protochain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backward jump to instruction")
        .hasMessageContaining("classic BPF only jumps forward");
  }

  @Test
  void rejectsProgramsThatDoNotEndInAReturn() {
    assertThatThrownBy(() -> new BpfInterpreter(new BpfProgram(List.of(stmt(LD | W | IMM, 0)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the last instruction must be a return (ret)");
  }

  @Test
  void rejectsScratchMemoryIndexesBeyondFifteen() {
    assertThatThrownBy(
            () -> new BpfInterpreter(new BpfProgram(List.of(stmt(ST, 16), stmt(RET | K, 0)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scratch memory index 16 exceeds the maximum 15");
    assertThatThrownBy(
            () ->
                new BpfInterpreter(
                    new BpfProgram(List.of(stmt(LD | W | MEM, -1), stmt(RET | K, 0)))))
        .hasMessageContaining("scratch memory index 4294967295 exceeds the maximum 15");
  }

  @Test
  void rejectsConstantDivisionByZeroAndOverlongConstantShifts() {
    assertThatThrownBy(
            () ->
                new BpfInterpreter(
                    new BpfProgram(List.of(stmt(ALU | MOD | K, 0), stmt(RET | K, 0)))))
        .hasMessageContaining("division by the constant 0");
    assertThatThrownBy(
            () ->
                new BpfInterpreter(
                    new BpfProgram(List.of(stmt(ALU | LSH | K, 32), stmt(RET | K, 0)))))
        .hasMessageContaining("shift by 32 exceeds the maximum 31");
  }

  @Test
  void filteringInAReadBufferAllocatesNothingPerPacket() {
    BpfInterpreter interpreter =
        new BpfInterpreter(
            new BpfProgram(
                List.of(
                    stmt(LD | H | ABS, 0),
                    jump(JMP | JEQ | K, 0x0102, 0, 3),
                    stmt(LDX | B | MSH, 0),
                    stmt(LD | H | IND, 0),
                    jump(JMP | JGT | K, 0x0800, 0, 1),
                    stmt(RET | K, 65535),
                    stmt(RET | K, 0))));
    ByteBuffer buffer =
        ByteBuffer.allocateDirect(PACKET.length).put(0, PACKET).order(ByteOrder.LITTLE_ENDIAN);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < 200_000; i++) { // warm up so that the JIT has compiled the loop
      sink += interpreter.run(buffer, 0, PACKET.length, PACKET.length);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000_000; i++) {
      sink += interpreter.run(buffer, 0, PACKET.length, PACKET.length);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(sink).isEqualTo(1_200_000L * 65535);
    assertThat(allocated).as("bytes allocated for a million packets").isLessThan(100_000);
  }
}
