package io.kcap.selector;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random selectors: generated trees survive print → parse, random spellings of a tree parse to it,
 * and random token soup either parses to something that round-trips or fails with a syntax error
 * inside the text. Seeds are fixed so that a failure reproduces; the seed is in the message.
 */
class SelectorPropertyTest {
  private static final List<String> LABELS =
      List.of("a", "b", "app", "x/y.z-1_", "in", "contains", "not", "has", "all");
  private static final List<String> VALUES =
      List.of(
          "",
          "x",
          "y",
          "xy",
          "it's",
          "say \"hi\"",
          "é",
          "\uD83D\uDE00",
          "\uFF21",
          " spaced ",
          "\\");

  @Test
  void printedTreesParseBackEqualAndMatchTheSame() {
    for (long seed = 0; seed < 3000; seed++) {
      Random random = new Random(seed);
      Selector tree = tree(random, 4);
      String text = tree.toString();
      Selector parsed = Selector.parse(text);
      assertThat(parsed).as("seed %d: %s", seed, text).isEqualTo(tree);
      assertThat(parsed.toString()).as("seed %d", seed).isEqualTo(text);
      for (int i = 0; i < 10; i++) {
        Map<String, String> labels = labels(random);
        assertThat(parsed.matches(labels))
            .as("seed %d: %s on %s", seed, text, labels)
            .isEqualTo(tree.matches(labels));
      }
    }
  }

  @Test
  void everySpellingOfATreeParsesToThatTree() {
    for (long seed = 0; seed < 3000; seed++) {
      Random random = new Random(seed);
      Selector tree = tree(random, 4);
      String text = maybeParenthesised(random, spell(random, tree));
      assertThat(Selector.parse(text)).as("seed %d: %s", seed, text).isEqualTo(tree);
    }
  }

  @Test
  void mutatedTextParsesToARoundTrippingSelectorOrFailsInsideTheText() {
    List<String> fragments =
        List.of(
            "a",
            "b",
            "==",
            "!=",
            "!",
            "(",
            ")",
            "&&",
            "||",
            "&",
            "|",
            "'x'",
            "\"y\"",
            "'",
            "\"",
            "{",
            "}",
            ",",
            "in",
            "not",
            "contains",
            "starts",
            "with",
            "ends",
            "has(",
            "all(",
            "global(",
            " ",
            "\t",
            "\n",
            "\r",
            "%",
            "=",
            "é",
            ":",
            "\u00a0");
    int parsed = 0;
    int rejected = 0;
    for (long seed = 0; seed < 20000; seed++) {
      Random random = new Random(seed);
      StringBuilder text = new StringBuilder();
      if (random.nextInt(4) == 0) {
        for (int i = random.nextInt(12); i >= 0; i--) {
          text.append(fragments.get(random.nextInt(fragments.size())));
        }
      } else {
        text.append(spell(random, tree(random, 3)));
        for (int i = random.nextInt(4); i > 0; i--) {
          int at = random.nextInt(text.length() + 1);
          switch (random.nextInt(3)) {
            case 0 -> text.insert(at, fragments.get(random.nextInt(fragments.size())));
            case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(3)));
            default -> text.replace(at, Math.min(text.length(), at + 1), " ");
          }
        }
      }
      String input = text.toString();
      try {
        Selector selector = Selector.parse(input);
        parsed++;
        assertThat(Selector.parse(selector.toString()))
            .as("seed %d: %s", seed, input)
            .isEqualTo(selector);
      } catch (SelectorSyntaxException e) {
        rejected++;
        assertThat(e.offset()).as("seed %d: %s", seed, input).isBetween(0, input.length());
        assertThat(e.input()).isEqualTo(input);
        assertThat(e.getMessage()).startsWith("expected ").contains(" at offset " + e.offset());
      }
    }
    // Both paths must be exercised, or half of this test checks nothing.
    assertThat(parsed).isGreaterThan(2000);
    assertThat(rejected).isGreaterThan(2000);
  }

  @Test
  void matchingAllocatesNothing() {
    Selector selector =
        Selector.parse(
            "(app == 'web' || app in {'api', 'edge', 'db', 'cache'}) && !has(canary)"
                + " && tier not in {'test'} && name starts with 'w' && name contains 'e'"
                + " && zone ends with '1' && global()");
    Map<String, String> labels =
        Map.of("app", "cache", "tier", "prod", "name", "web-1", "zone", "eu-1");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    boolean result = false;
    for (int i = 0; i < 20_000; i++) {
      result ^= selector.matches(labels);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      result ^= selector.matches(labels);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(selector.matches(labels)).isTrue();
    assertThat(result).isFalse();
    // A single allocation per match would be at least 1.6 MB here; allow the measurement's own.
    assertThat(allocated).isLessThan(4096);
  }

  private static Selector tree(Random random, int depth) {
    int kinds = depth == 0 ? 10 : 13;
    return switch (random.nextInt(kinds)) {
      case 0 -> Selector.all();
      case 1 -> new Global();
      case 2 -> new Has(label(random));
      case 3 -> new LabelEquals(label(random), value(random));
      case 4 -> new LabelNotEquals(label(random), value(random));
      case 5 -> new LabelContains(label(random), value(random));
      case 6 -> new LabelStartsWith(label(random), value(random));
      case 7 -> new LabelEndsWith(label(random), value(random));
      case 8 -> new LabelIn(label(random), values(random));
      case 9 -> new LabelNotIn(label(random), values(random));
      case 10 -> {
        Selector operand = tree(random, depth - 1);
        yield operand instanceof Not(Selector inner) ? inner : new Not(operand);
      }
      case 11 -> new And(operands(random, depth));
      default -> new Or(operands(random, depth));
    };
  }

  private static List<Selector> operands(Random random, int depth) {
    List<Selector> operands = new ArrayList<>();
    for (int i = 2 + random.nextInt(3); i > 0; i--) {
      operands.add(tree(random, depth - 1));
    }
    return operands;
  }

  private static String label(Random random) {
    if (random.nextInt(20) == 0) {
      String chars = "abcXYZ019_./-";
      StringBuilder key = new StringBuilder();
      for (int n = random.nextBoolean() ? 512 : 1 + random.nextInt(30); n > 0; n--) {
        key.append(chars.charAt(random.nextInt(chars.length())));
      }
      return key.toString();
    }
    return LABELS.get(random.nextInt(LABELS.size()));
  }

  private static String value(Random random) {
    return VALUES.get(random.nextInt(VALUES.size()));
  }

  private static List<String> values(Random random) {
    List<String> values = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      values.add(value(random));
    }
    return values;
  }

  private static Map<String, String> labels(Random random) {
    Map<String, String> labels = new HashMap<>();
    for (String label : LABELS) {
      if (random.nextInt(3) > 0) {
        labels.put(label, value(random));
      }
    }
    return labels;
  }

  /** Writes a tree as a user might: any blanks, any quote that fits, synonyms, extra !! and (). */
  private static String spell(Random random, Selector selector) {
    String term =
        switch (selector) {
          case All() -> "all(" + blank(random) + ")";
          case Global() -> "global(" + blank(random) + ")";
          case Has(String label) -> "has(" + blank(random) + label + blank(random) + ")";
          case LabelEquals(String label, String value) ->
              match(random, label, List.of("=="), value);
          case LabelNotEquals(String label, String value) ->
              match(random, label, List.of("!="), value);
          case LabelContains(String label, String value) ->
              match(random, label, List.of(" contains"), value);
          case LabelStartsWith(String label, String value) ->
              match(
                  random, label, List.of(" startswith", " starts with", " starts\t \twith"), value);
          case LabelEndsWith(String label, String value) ->
              match(random, label, List.of(" endswith", " ends with", " ends  with"), value);
          case LabelIn(String label, List<String> values) -> set(random, label, " in", values);
          case LabelNotIn(String label, List<String> values) ->
              set(
                  random,
                  label,
                  List.of(" notin", " not in", " not\tin").get(random.nextInt(3)),
                  values);
          case Not(Selector operand) -> "!" + blank(random) + spellTerm(random, operand);
          case And(List<Selector> operands) -> join(random, operands, "&&");
          case Or(List<Selector> operands) -> join(random, operands, "||");
        };
    if (random.nextInt(8) == 0) {
      // An even run of ! changes nothing; a group needs its parentheses to stay one term.
      term = "!" + blank(random) + "!" + blank(random) + parenthesisedIfGroup(selector, term);
    }
    return term;
  }

  private static String spellTerm(Random random, Selector selector) {
    return maybeParenthesised(random, parenthesisedIfGroup(selector, spell(random, selector)));
  }

  private static String parenthesisedIfGroup(Selector selector, String text) {
    return selector instanceof And || selector instanceof Or ? "(" + text + ")" : text;
  }

  private static String maybeParenthesised(Random random, String text) {
    return random.nextInt(6) == 0 ? "(" + blank(random) + text + blank(random) + ")" : text;
  }

  private static String join(Random random, List<Selector> operands, String operator) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        out.append(blank(random)).append(operator).append(blank(random));
      }
      out.append(spellTerm(random, operands.get(i)));
    }
    return out.toString();
  }

  private static String match(Random random, String label, List<String> operators, String value) {
    String operator = operators.get(random.nextInt(operators.size()));
    return label + blank(random) + operator + blank(random) + quote(random, value);
  }

  private static String set(Random random, String label, String operator, List<String> values) {
    List<String> shuffled = new ArrayList<>(values);
    if (!shuffled.isEmpty() && random.nextBoolean()) {
      shuffled.add(shuffled.get(random.nextInt(shuffled.size())));
    }
    Collections.shuffle(shuffled, random);
    StringBuilder out = new StringBuilder(label).append(blank(random)).append(operator);
    out.append(blank(random)).append('{').append(blank(random));
    for (int i = 0; i < shuffled.size(); i++) {
      if (i > 0) {
        out.append(blank(random)).append(',').append(blank(random));
      }
      out.append(quote(random, shuffled.get(i)));
    }
    if (!shuffled.isEmpty() && random.nextInt(4) == 0) {
      out.append(',');
    }
    return out.append(blank(random)).append('}').toString();
  }

  private static String quote(Random random, String value) {
    boolean single = value.contains("\"") || (!value.contains("'") && random.nextBoolean());
    char quote = single ? '\'' : '"';
    return quote + value + quote;
  }

  private static String blank(Random random) {
    return List.of("", "", " ", "\t", "  ", " \t ").get(random.nextInt(6));
  }
}
