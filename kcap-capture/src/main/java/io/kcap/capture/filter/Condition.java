package io.kcap.capture.filter;

import io.kcap.pcap.bpf.BpfInstruction;
import java.util.ArrayList;
import java.util.List;

/** A boolean test on a packet, built from loads and comparisons, before it becomes BPF code. */
sealed interface Condition {
  Condition TRUE = new Constant(true);
  Condition FALSE = new Constant(false);

  record Constant(boolean value) implements Condition {}

  /** True when every part is, tested in order. */
  record All(List<Condition> parts) implements Condition {}

  /** True when any part is, tested in order. */
  record Any(List<Condition> parts) implements Condition {}

  /** {@code then} where {@code test} holds, {@code otherwise} elsewhere. */
  record IfThenElse(Condition test, Condition then, Condition otherwise) implements Condition {}

  /**
   * Runs {@code load} (which leaves a value in A), then one conditional jump; the condition holds
   * when the jump's outcome equals {@code whenJumpIs}.
   *
   * @param operation {@code JEQ}, {@code JGT}, {@code JGE} or {@code JSET} against the constant
   */
  record Compare(Load load, int operation, int k, boolean whenJumpIs) implements Condition {}

  /** Runs {@code load}, then holds when {@code first <= A <= last} (unsigned 16-bit values). */
  record InRange(Load load, int first, int last) implements Condition {}

  /**
   * Instructions that leave a value in A (and possibly X), depending on nothing but the packet, so
   * that running the same load twice in a row can be skipped.
   */
  record Load(List<BpfInstruction> instructions) {
    public Load {
      instructions = List.copyOf(instructions);
    }

    static Load of(BpfInstruction... instructions) {
      return new Load(List.of(instructions));
    }
  }

  static Condition all(Condition... parts) {
    List<Condition> kept = new ArrayList<>();
    for (Condition part : parts) {
      switch (part) {
        case Constant(boolean value) when value -> {}
        case Constant c -> {
          return FALSE;
        }
        case All(List<Condition> nested) -> kept.addAll(nested);
        default -> kept.add(part);
      }
    }
    return kept.isEmpty() ? TRUE : kept.size() == 1 ? kept.getFirst() : new All(kept);
  }

  static Condition any(List<Condition> parts) {
    List<Condition> kept = new ArrayList<>();
    for (Condition part : parts) {
      switch (part) {
        case Constant(boolean value) when value -> {
          return TRUE;
        }
        case Constant c -> {}
        case Any(List<Condition> nested) -> kept.addAll(nested);
        default -> kept.add(part);
      }
    }
    return kept.isEmpty() ? FALSE : kept.size() == 1 ? kept.getFirst() : new Any(kept);
  }

  static Condition ifThenElse(Condition test, Condition then, Condition otherwise) {
    if (test instanceof Constant(boolean value)) {
      return value ? then : otherwise;
    }
    if (then.equals(FALSE) && otherwise.equals(FALSE)) {
      return FALSE;
    }
    return new IfThenElse(test, then, otherwise);
  }

  static Condition any(Condition... parts) {
    return any(List.of(parts));
  }
}
