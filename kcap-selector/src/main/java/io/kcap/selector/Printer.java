package io.kcap.selector;

import io.kcap.selector.Selector.All;
import io.kcap.selector.Selector.And;
import io.kcap.selector.Selector.Global;
import io.kcap.selector.Selector.Has;
import io.kcap.selector.Selector.LabelContains;
import io.kcap.selector.Selector.LabelEndsWith;
import io.kcap.selector.Selector.LabelEquals;
import io.kcap.selector.Selector.LabelIn;
import io.kcap.selector.Selector.LabelNotEquals;
import io.kcap.selector.Selector.LabelNotIn;
import io.kcap.selector.Selector.LabelStartsWith;
import io.kcap.selector.Selector.Not;
import io.kcap.selector.Selector.Or;
import java.util.List;

/**
 * The canonical text of a selector, byte for byte what libcalico-go's {@code String()} prints, so
 * that kcap and Calico agree on a selector's identity.
 */
final class Printer {
  private Printer() {}

  static String canonical(Selector selector) {
    StringBuilder out = new StringBuilder(32);
    append(selector, out);
    return out.toString();
  }

  private static void append(Selector selector, StringBuilder out) {
    switch (selector) {
      case All() -> out.append("all()");
      case Global() -> out.append("global()");
      case Has(String label) -> out.append("has(").append(label).append(')');
      case LabelEquals(String label, String value) -> match(out, label, " == ", value);
      case LabelNotEquals(String label, String value) -> match(out, label, " != ", value);
      case LabelContains(String label, String value) -> match(out, label, " contains ", value);
      case LabelStartsWith(String label, String value) -> match(out, label, " starts with ", value);
      case LabelEndsWith(String label, String value) -> match(out, label, " ends with ", value);
      case LabelIn(String label, List<String> values) -> set(out, label, " in {", values);
      case LabelNotIn(String label, List<String> values) -> set(out, label, " not in {", values);
      case Not(Selector operand) -> {
        out.append('!');
        append(operand, out);
      }
      case And(List<Selector> operands) -> group(out, operands, " && ");
      case Or(List<Selector> operands) -> group(out, operands, " || ");
    }
  }

  private static void match(StringBuilder out, String label, String operator, String value) {
    out.append(label).append(operator);
    quoted(out, value);
  }

  private static void set(StringBuilder out, String label, String opening, List<String> values) {
    out.append(label).append(opening);
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      quoted(out, values.get(i));
    }
    out.append('}');
  }

  private static void group(StringBuilder out, List<Selector> operands, String operator) {
    out.append('(');
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        out.append(operator);
      }
      append(operands.get(i), out);
    }
    out.append(')');
  }

  private static void quoted(StringBuilder out, String value) {
    char quote = value.indexOf('"') >= 0 ? '\'' : '"';
    out.append(quote).append(value).append(quote);
  }
}
