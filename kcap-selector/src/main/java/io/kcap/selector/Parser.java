package io.kcap.selector;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Recursive descent over the selector text, tokenizing as it goes.
 *
 * <p>Grammar, loosest first: {@code or := and ('||' and)*}, {@code and := unary ('&&' unary)*},
 * {@code unary := '!'* term}, {@code term := '(' or ')' | has(label) | all() | global() | label
 * operator literal}. Calico's tokenizer reads {@code contains}, {@code in}, {@code not in}, {@code
 * starts with} and {@code ends with} as operators only right after a label; here the parser asks
 * for an operator exactly there, which accepts the same language and lets errors name what was
 * expected. Like Calico, a set may end with a comma ({@code {"a",}}).
 */
final class Parser {
  private static final String TERM = "a label, '!', '(', has(…), all() or global()";
  private static final String OPERATOR =
      "an operator (==, !=, in, not in, contains, starts with, ends with)";

  /**
   * Deeper nesting is refused: Calico sets no limit, but a selector comes from user input and must
   * not be able to overflow the agent's stack. No hand-written selector comes close.
   */
  static final int MAX_NESTING = 256;

  private final String text;
  private int pos;
  private int nesting;

  Parser(String text) {
    this.text = Objects.requireNonNull(text, "selector text");
  }

  Selector parse() {
    skipBlanks();
    if (atEnd()) {
      return Selector.all();
    }
    Selector selector = or();
    if (!atEnd()) {
      throw error("'&&', '||' or the end of the selector");
    }
    return selector;
  }

  private Selector or() {
    Selector first = and();
    if (!at("||")) {
      return first;
    }
    List<Selector> operands = new ArrayList<>();
    operands.add(first);
    while (at("||")) {
      pos += 2;
      operands.add(and());
    }
    return new Or(operands);
  }

  private Selector and() {
    Selector first = unary();
    if (!at("&&")) {
      return first;
    }
    List<Selector> operands = new ArrayList<>();
    operands.add(first);
    while (at("&&")) {
      pos += 2;
      operands.add(unary());
    }
    return new And(operands);
  }

  /** A run of {@code !} cancels by parity, also across parentheses: {@code !(!a)} is {@code a}. */
  private Selector unary() {
    boolean negated = false;
    while (at("!") && !text.startsWith("!=", pos)) {
      negated = !negated;
      pos++;
    }
    Selector term = term();
    if (!negated) {
      return term;
    }
    return term instanceof Not(Selector inner) ? inner : new Not(term);
  }

  private Selector term() {
    skipBlanks();
    if (at("(")) {
      if (nesting == MAX_NESTING) {
        throw error("at most " + MAX_NESTING + " nested parentheses");
      }
      pos++;
      nesting++;
      Selector inner = or();
      expect(')', "'&&', '||' or ')'");
      nesting--;
      return inner;
    }
    // No blank is allowed before '(' (Calico): "has (a)" is the label "has" followed by junk.
    if (text.startsWith("has(", pos)) {
      pos += "has(".length();
      skipBlanks();
      if (atEnd() || !Checks.isLabelChar(text.charAt(pos))) {
        throw error("a label key");
      }
      String label = label();
      expect(')', "')'");
      return new Has(label);
    }
    if (text.startsWith("all(", pos)) {
      pos += "all(".length();
      expect(')', "')'");
      return Selector.all();
    }
    if (text.startsWith("global(", pos)) {
      pos += "global(".length();
      expect(')', "')'");
      return new Global();
    }
    if (!atEnd() && Checks.isLabelChar(text.charAt(pos))) {
      return match(label());
    }
    throw error(TERM);
  }

  private Selector match(String label) {
    skipBlanks();
    if (text.startsWith("==", pos)) {
      pos += 2;
      return new LabelEquals(label, string("a quoted string"));
    }
    if (text.startsWith("!=", pos)) {
      pos += 2;
      return new LabelNotEquals(label, string("a quoted string"));
    }
    if (text.startsWith("contains", pos)) {
      pos += "contains".length();
      return new LabelContains(label, string("a quoted string"));
    }
    if (text.startsWith("starts", pos)) {
      pos += "starts".length();
      word("with", "'with' after 'starts'");
      return new LabelStartsWith(label, string("a quoted string"));
    }
    if (text.startsWith("ends", pos)) {
      pos += "ends".length();
      word("with", "'with' after 'ends'");
      return new LabelEndsWith(label, string("a quoted string"));
    }
    if (text.startsWith("not", pos)) {
      pos += "not".length();
      word("in", "'in' after 'not'");
      return new LabelNotIn(label, set());
    }
    if (text.startsWith("in", pos)) {
      pos += "in".length();
      return new LabelIn(label, set());
    }
    throw error(OPERATOR + " after label '" + shorten(label) + "'");
  }

  private String label() {
    int start = pos;
    while (!atEnd() && Checks.isLabelChar(text.charAt(pos))) {
      pos++;
    }
    if (pos - start > Checks.MAX_LABEL_LENGTH) {
      throw new SelectorSyntaxException(
          text,
          start,
          "a label key of at most " + Checks.MAX_LABEL_LENGTH + " characters",
          "one of " + (pos - start) + " characters");
    }
    return text.substring(start, pos);
  }

  /** A string literal: no escapes, so a value holds {@code '} or {@code "} but not both. */
  private String string(String expected) {
    skipBlanks();
    char quote = atEnd() ? 0 : text.charAt(pos);
    if (quote != '"' && quote != '\'') {
      throw error(expected);
    }
    int start = ++pos;
    for (; pos < text.length(); pos++) {
      char c = text.charAt(pos);
      if (c == quote) {
        return text.substring(start, pos++);
      }
      if (c == '\n' || c == '\r') {
        break;
      }
    }
    throw error("a closing " + quote);
  }

  private List<String> set() {
    expect('{', "'{' and a set of quoted strings");
    List<String> values = new ArrayList<>();
    skipBlanks();
    while (!at("}")) {
      values.add(string("a quoted string or '}'"));
      if (!at(",")) {
        break;
      }
      pos++;
      skipBlanks();
    }
    expect('}', "',' or '}'");
    return values;
  }

  private void word(String word, String expected) {
    skipBlanks();
    if (!text.startsWith(word, pos)) {
      throw error(expected);
    }
    pos += word.length();
  }

  private void expect(char c, String expected) {
    skipBlanks();
    if (atEnd() || text.charAt(pos) != c) {
      throw error(expected);
    }
    pos++;
  }

  /** Skips blanks, then tells whether the text continues with {@code token}. */
  private boolean at(String token) {
    skipBlanks();
    return text.startsWith(token, pos);
  }

  /** Only space and tab separate tokens; a line break is never skipped, so it fails where found. */
  private void skipBlanks() {
    while (!atEnd() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private SelectorSyntaxException error(String expected) {
    return new SelectorSyntaxException(text, pos, expected, describe(text, pos));
  }

  /** Names what is at {@code index} for a message: a word, a character, a line break, the end. */
  static String describe(String text, int index) {
    if (index >= text.length()) {
      return "the end";
    }
    for (String pair : List.of("==", "!=", "&&", "||")) {
      if (text.startsWith(pair, index)) {
        return "'" + pair + "'";
      }
    }
    char c = text.charAt(index);
    if (Checks.isLabelChar(c)) {
      int end = index;
      while (end < text.length() && Checks.isLabelChar(text.charAt(end))) {
        end++;
      }
      return "'" + shorten(text.substring(index, end)) + "'";
    }
    int codePoint = text.codePointAt(index);
    return switch (codePoint) {
      case '\n' -> "a line break";
      case '\r' -> "a carriage return";
      case '\t' -> "a tab";
      default -> {
        String unicode = String.format("U+%04X", codePoint);
        if (Character.isISOControl(codePoint)
            || Character.getType(codePoint) == Character.SURROGATE
            || Character.isWhitespace(codePoint)
            || Character.isSpaceChar(codePoint)) {
          yield unicode;
        }
        String quote = codePoint == '\'' ? "\"" : "'";
        String glyph = quote + Character.toString(codePoint) + quote;
        yield codePoint < 0x80 ? glyph : glyph + " (" + unicode + ")";
      }
    };
  }

  private static String shorten(String word) {
    return word.length() <= 40 ? word : word.substring(0, 40) + "…";
  }
}
