package io.kcap.selector;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed Calico label selector: a tree of the records below, evaluated against a pod's labels.
 *
 * <p>Parse once with {@link #parse(String)}, then call {@link #matches(Map)} as often as needed;
 * matching allocates nothing. {@code toString()} is the canonical form, the one Calico prints:
 * every {@code &&}/{@code ||} group in parentheses, single spaces around operators, values in
 * double quotes unless they hold one, sets deduplicated and sorted by UTF-8 bytes. It always parses
 * back to an equal selector, which the record constructors guarantee by refusing trees no selector
 * text can produce (an invalid label key, a value holding both quote kinds, a {@code !} of a {@code
 * !}, a group of fewer than two operands).
 */
public sealed interface Selector {

  /**
   * Whether a set of labels satisfies this selector. A label absent from the map makes {@code ==},
   * {@code in}, {@code contains}, {@code starts with} and {@code ends with} false, and {@code !=}
   * and {@code not in} true, as in Calico.
   */
  boolean matches(Map<String, String> labels);

  /**
   * Parses a selector; empty or blank text (spaces and tabs) is {@link #all()}.
   *
   * @throws SelectorSyntaxException with the offset and what was expected there
   */
  static Selector parse(String text) {
    return new Parser(text).parse();
  }

  /** The selector that matches everything, also what an empty selector means. */
  static Selector all() {
    return All.INSTANCE;
  }

  /** {@code all()}: matches every set of labels. */
  record All() implements Selector {
    static final All INSTANCE = new All();

    @Override
    public boolean matches(Map<String, String> labels) {
      return true;
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /**
   * {@code global()}: matches like {@code all()}. Calico uses it to pick non-namespaced endpoints;
   * kcap keeps it distinct so that the canonical form stays the user's word.
   */
  record Global() implements Selector {
    @Override
    public boolean matches(Map<String, String> labels) {
      return true;
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /** {@code has(label)}: the label is present, whatever its value. */
  record Has(String label) implements Selector {
    public Has {
      Checks.label(label);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      return labels.get(label) != null;
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /** {@code label == "value"}: present and exactly equal. */
  record LabelEquals(String label, String value) implements Selector {
    public LabelEquals {
      Checks.label(label);
      Checks.value(value);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      return value.equals(labels.get(label));
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /** {@code label != "value"}: absent, or present with another value. */
  record LabelNotEquals(String label, String value) implements Selector {
    public LabelNotEquals {
      Checks.label(label);
      Checks.value(value);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      return !value.equals(labels.get(label));
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /** {@code label contains "value"}: present and holding the value; {@code ""} is in any value. */
  record LabelContains(String label, String value) implements Selector {
    public LabelContains {
      Checks.label(label);
      Checks.value(value);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      String actual = labels.get(label);
      return actual != null && actual.contains(value);
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /** {@code label starts with "value"}: present and beginning with the value. */
  record LabelStartsWith(String label, String value) implements Selector {
    public LabelStartsWith {
      Checks.label(label);
      Checks.value(value);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      String actual = labels.get(label);
      return actual != null && actual.startsWith(value);
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /** {@code label ends with "value"}: present and ending with the value. */
  record LabelEndsWith(String label, String value) implements Selector {
    public LabelEndsWith {
      Checks.label(label);
      Checks.value(value);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      String actual = labels.get(label);
      return actual != null && actual.endsWith(value);
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /**
   * {@code label in {"a", "b"}}: present with one of the values; {@code in {}} never matches.
   *
   * @param values deduplicated and sorted by UTF-8 bytes on construction
   */
  record LabelIn(String label, List<String> values) implements Selector {
    public LabelIn {
      Checks.label(label);
      values = Checks.sortedSet(values);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      String actual = labels.get(label);
      return actual != null && Checks.contains(values, actual);
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /**
   * {@code label not in {"a", "b"}}: absent, or present with none of the values; {@code not in {}}
   * always matches.
   *
   * @param values deduplicated and sorted by UTF-8 bytes on construction
   */
  record LabelNotIn(String label, List<String> values) implements Selector {
    public LabelNotIn {
      Checks.label(label);
      values = Checks.sortedSet(values);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      String actual = labels.get(label);
      return actual == null || !Checks.contains(values, actual);
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /**
   * {@code !operand}. The parser folds a run of {@code !} by parity, so a {@code Not} never wraps
   * another {@code Not}: {@code !!x} would print as text that parses back to {@code x}.
   */
  record Not(Selector operand) implements Selector {
    public Not {
      Objects.requireNonNull(operand, "operand");
      if (operand instanceof Not) {
        throw new IllegalArgumentException(
            "a Not cannot wrap a Not (" + operand + "); use its operand instead");
      }
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      return !operand.matches(labels);
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /** {@code (a && b && …)}: every operand matches. Operands keep the order they were written. */
  record And(List<Selector> operands) implements Selector {
    public And {
      operands = Checks.operands("And", operands);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      for (int i = 0, n = operands.size(); i < n; i++) {
        if (!operands.get(i).matches(labels)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }

  /** {@code (a || b || …)}: at least one operand matches. */
  record Or(List<Selector> operands) implements Selector {
    public Or {
      operands = Checks.operands("Or", operands);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
      for (int i = 0, n = operands.size(); i < n; i++) {
        if (operands.get(i).matches(labels)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return Printer.canonical(this);
    }
  }
}
