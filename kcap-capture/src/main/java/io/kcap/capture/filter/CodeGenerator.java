package io.kcap.capture.filter;

import static io.kcap.pcap.bpf.BpfOpcode.JA;
import static io.kcap.pcap.bpf.BpfOpcode.JEQ;
import static io.kcap.pcap.bpf.BpfOpcode.JGE;
import static io.kcap.pcap.bpf.BpfOpcode.JGT;
import static io.kcap.pcap.bpf.BpfOpcode.JMP;
import static io.kcap.pcap.bpf.BpfOpcode.K;
import static io.kcap.pcap.bpf.BpfOpcode.RET;

import io.kcap.pcap.bpf.BpfInstruction;
import io.kcap.pcap.bpf.BpfOpcode;
import io.kcap.pcap.bpf.BpfProgram;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Condition} into a classic-BPF program.
 *
 * <p>Code is emitted backwards, from the two returns at the end towards the entry, so that every
 * jump target already has its final place: a conditional jump whose 8-bit offset cannot reach gets
 * an unconditional {@code ja} (32-bit offset) right behind it. Instructions are numbered by
 * emission order; the program is the reverse.
 */
final class CodeGenerator {
  private final List<BpfInstruction> emitted = new ArrayList<>();
  private final Map<List<Integer>, Integer> sharedJumps = new HashMap<>();

  private CodeGenerator() {}

  static BpfProgram generate(Condition condition, int acceptLength) {
    if (condition instanceof Condition.Constant(boolean value)) {
      return new BpfProgram(List.of(new BpfInstruction(RET | K, 0, 0, value ? acceptLength : 0)));
    }
    CodeGenerator generator = new CodeGenerator();
    int reject = generator.emit(new BpfInstruction(RET | K, 0, 0, 0));
    int accept = generator.emit(new BpfInstruction(RET | K, 0, 0, acceptLength));
    int entry = generator.compile(condition, accept, reject);
    if (entry != generator.emitted.size() - 1) {
      generator.emitJump(entry);
    }
    List<BpfInstruction> program = new ArrayList<>(generator.emitted);
    Collections.reverse(program);
    program = withoutUnreachable(program);
    if (program.size() > BpfProgram.MAX_INSTRUCTIONS) {
      throw new IllegalArgumentException(
          "the filters compile to "
              + program.size()
              + " BPF instructions, more than the kernel's maximum "
              + BpfProgram.MAX_INSTRUCTIONS);
    }
    return new BpfProgram(program);
  }

  /**
   * Drops instructions no path reaches (loads that every jump into them skips). Removing
   * instructions only shortens jumps, so every offset still fits.
   */
  static List<BpfInstruction> withoutUnreachable(List<BpfInstruction> program) {
    int n = program.size();
    boolean[] reachable = new boolean[n];
    reachable[0] = true;
    for (int i = 0; i < n; i++) {
      if (!reachable[i]) {
        continue;
      }
      BpfInstruction insn = program.get(i);
      int code = insn.code();
      if (BpfOpcode.classOf(code) == RET) {
        continue;
      }
      if (code == (JMP | JA)) {
        reachable[i + 1 + insn.k()] = true;
      } else if (BpfOpcode.classOf(code) == JMP) {
        reachable[i + 1 + insn.jt()] = true;
        reachable[i + 1 + insn.jf()] = true;
      } else {
        reachable[i + 1] = true;
      }
    }
    int[] newIndex = new int[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      newIndex[i] = kept;
      if (reachable[i]) {
        kept++;
      }
    }
    List<BpfInstruction> result = new ArrayList<>(kept);
    for (int i = 0; i < n; i++) {
      if (!reachable[i]) {
        continue;
      }
      BpfInstruction insn = program.get(i);
      int code = insn.code();
      int from = newIndex[i] + 1;
      if (code == (JMP | JA)) {
        insn = new BpfInstruction(code, 0, 0, newIndex[i + 1 + insn.k()] - from);
      } else if (BpfOpcode.classOf(code) == JMP) {
        insn =
            new BpfInstruction(
                code,
                newIndex[i + 1 + insn.jt()] - from,
                newIndex[i + 1 + insn.jf()] - from,
                insn.k());
      }
      result.add(insn);
    }
    return result;
  }

  /** Emits code for {@code condition}; returns the entry, which continues at whenTrue/whenFalse. */
  private int compile(Condition condition, int whenTrue, int whenFalse) {
    return switch (condition) {
      case Condition.Constant(boolean value) -> value ? whenTrue : whenFalse;
      case Condition.All(List<Condition> parts) -> {
        int next = whenTrue;
        for (int i = parts.size() - 1; i >= 0; i--) {
          next = compile(parts.get(i), next, whenFalse);
        }
        yield next;
      }
      case Condition.Any(List<Condition> parts) -> {
        int next = whenFalse;
        for (int i = parts.size() - 1; i >= 0; i--) {
          next = compile(parts.get(i), whenTrue, next);
        }
        yield next;
      }
      case Condition.IfThenElse(Condition test, Condition then, Condition otherwise) -> {
        int otherwiseEntry = compile(otherwise, whenTrue, whenFalse);
        int thenEntry = compile(then, whenTrue, whenFalse);
        yield compile(test, thenEntry, otherwiseEntry);
      }
      case Condition.Compare(Condition.Load load, int operation, int k, boolean whenJumpIs) -> {
        int jumpTrue = afterSameLoad(load, whenJumpIs ? whenTrue : whenFalse);
        int jumpFalse = afterSameLoad(load, whenJumpIs ? whenFalse : whenTrue);
        emitConditional(operation, k, jumpTrue, jumpFalse);
        yield emitLoad(load);
      }
      case Condition.InRange(Condition.Load load, int first, int last) -> {
        int pass = afterSameLoad(load, whenTrue);
        int fail = afterSameLoad(load, whenFalse);
        if (first == last) {
          emitConditional(JEQ, first, pass, fail);
        } else if (first > 0 || last < 0xFFFF) {
          int belowOrAtLast =
              last >= 0xFFFF
                  ? pass
                  : first > 0
                      ? sharedConditional(JGT, last, fail, pass)
                      : emitConditional(JGT, last, fail, pass);
          if (first > 0) {
            emitConditional(JGE, first, belowOrAtLast, fail);
          }
        } else if (distance(pass) != 0) {
          // Every 16-bit value is in 0..65535: only the load itself (in bounds or not) decides.
          emitJump(pass);
        }
        yield emitLoad(load);
      }
    };
  }

  /**
   * Where to continue once {@code load} has run: if the code at {@code target} starts by running
   * the very same load, A and X already hold its result and the jump can land right after it.
   */
  private int afterSameLoad(Condition.Load load, int target) {
    List<BpfInstruction> instructions = load.instructions();
    int size = instructions.size();
    int same = 0;
    while (same < size
        && target - same >= 0
        && emitted.get(target - same).equals(instructions.get(same))) {
      same++;
    }
    if (same == size) {
      return target - size;
    }
    // A load that starts with the same X load (the IPv4 header length) can skip that part: X
    // already holds it, as only the first instruction of a load writes X.
    if (same > 0 && BpfOpcode.classOf(instructions.getFirst().code()) == BpfOpcode.LDX) {
      return target - 1;
    }
    return target;
  }

  private int emitLoad(Condition.Load load) {
    List<BpfInstruction> instructions = load.instructions();
    for (int i = instructions.size() - 1; i >= 0; i--) {
      emit(instructions.get(i));
    }
    return emitted.size() - 1;
  }

  /**
   * A conditional jump that is only ever jumped to (never fallen into): if the same test with the
   * same targets exists, jump there instead of emitting it again, as libpcap's optimizer does for
   * the upper bound of port ranges.
   */
  private int sharedConditional(int operation, int k, int whenTrue, int whenFalse) {
    List<Integer> key = List.of(operation, k, whenTrue, whenFalse);
    Integer existing = sharedJumps.get(key);
    if (existing != null) {
      return existing;
    }
    int emitted = emitConditional(operation, k, whenTrue, whenFalse);
    sharedJumps.put(key, emitted);
    return emitted;
  }

  private int emitConditional(int operation, int k, int whenTrue, int whenFalse) {
    int jumpTrue = whenTrue;
    int jumpFalse = whenFalse;
    if (distance(jumpTrue) > 0xFF) {
      jumpTrue = emitJump(jumpTrue);
    }
    if (distance(jumpFalse) > 0xFF) {
      jumpFalse = emitJump(jumpFalse);
    }
    return emit(
        new BpfInstruction(JMP | operation | K, distance(jumpTrue), distance(jumpFalse), k));
  }

  private int emitJump(int target) {
    return emit(new BpfInstruction(JMP | JA, 0, 0, distance(target)));
  }

  /** The jump offset from the next instruction to be emitted to {@code target}. */
  private int distance(int target) {
    return emitted.size() - target - 1;
  }

  private int emit(BpfInstruction instruction) {
    emitted.add(instruction);
    return emitted.size() - 1;
  }
}
