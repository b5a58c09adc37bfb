package io.kcap.selector;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader for the selector vector files, so that this module stays
 * JDK-only. Strict means: no comments, no trailing commas, no duplicate keys, no unescaped control
 * characters, no lone surrogate escapes, no leading zeros, nothing after the value.
 */
sealed interface Json {
  /** Deeper nesting than this is refused instead of overflowing the stack. */
  int MAX_DEPTH = 256;

  /** Members in file order. */
  record JsonObject(Map<String, Json> members) implements Json {}

  record JsonArray(List<Json> elements) implements Json {}

  record JsonString(String value) implements Json {}

  record JsonNumber(BigDecimal value) implements Json {}

  record JsonBoolean(boolean value) implements Json {}

  record JsonNull() implements Json {}

  /**
   * Reads one JSON value that spans the whole text.
   *
   * @throws IOException naming the line, column and what was expected there
   */
  static Json parse(String text) throws IOException {
    return new Reader(text).document();
  }

  /** The value as a JSON string literal, to show text exactly as it is written in a file. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c) && !isPairedAt(value, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean isPairedAt(String value, int i) {
    char c = value.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
  }

  /** One pass over the text; every method starts at the first character of its value. */
  final class Reader {
    private final String text;
    private int pos;
    private int depth;

    private Reader(String text) {
      this.text = text;
    }

    private Json document() throws IOException {
      Json value = value();
      skipWhitespace();
      if (pos < text.length()) {
        throw error("the end of the document");
      }
      return value;
    }

    private Json value() throws IOException {
      skipWhitespace();
      if (pos >= text.length()) {
        throw error("a JSON value");
      }
      return switch (text.charAt(pos)) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> new JsonString(string());
        case 't' -> literal("true", new JsonBoolean(true));
        case 'f' -> literal("false", new JsonBoolean(false));
        case 'n' -> literal("null", new JsonNull());
        default -> number();
      };
    }

    private Json object() throws IOException {
      enter();
      pos++;
      Map<String, Json> members = new LinkedHashMap<>();
      skipWhitespace();
      if (!consume('}')) {
        do {
          skipWhitespace();
          int keyAt = pos;
          if (pos >= text.length() || text.charAt(pos) != '"') {
            throw error("a member name in double quotes");
          }
          String key = string();
          skipWhitespace();
          if (!consume(':')) {
            throw error("':'");
          }
          if (members.put(key, value()) != null) {
            pos = keyAt;
            throw error("no second member named " + quote(key));
          }
          skipWhitespace();
        } while (consume(','));
        if (!consume('}')) {
          throw error("',' or '}'");
        }
      }
      depth--;
      return new JsonObject(Collections.unmodifiableMap(members));
    }

    private Json array() throws IOException {
      enter();
      pos++;
      List<Json> elements = new ArrayList<>();
      skipWhitespace();
      if (!consume(']')) {
        do {
          elements.add(value());
          skipWhitespace();
        } while (consume(','));
        if (!consume(']')) {
          throw error("',' or ']'");
        }
      }
      depth--;
      return new JsonArray(Collections.unmodifiableList(elements));
    }

    private String string() throws IOException {
      pos++;
      StringBuilder out = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '"') {
          pos++;
          return out.toString();
        }
        if (c < 0x20) {
          throw error("'\\u" + String.format("%04x", (int) c) + "' instead of a control character");
        }
        if (c != '\\') {
          out.append(c);
          pos++;
          continue;
        }
        if (pos + 1 >= text.length()) {
          break;
        }
        char escape = text.charAt(pos + 1);
        switch (escape) {
          case '"', '\\', '/' -> out.append(escape);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            pos += 2;
            char unit = hex4();
            if (Character.isHighSurrogate(unit)) {
              if (!text.startsWith("\\u", pos)) {
                throw error("a \\u escape of a low surrogate after a high one");
              }
              pos += 2;
              char low = hex4();
              if (!Character.isLowSurrogate(low)) {
                pos -= 6;
                throw error("a \\u escape of a low surrogate after a high one");
              }
              out.append(unit).append(low);
            } else if (Character.isLowSurrogate(unit)) {
              pos -= 6;
              throw error("a high surrogate before this low surrogate escape");
            } else {
              out.append(unit);
            }
            continue;
          }
          default -> {
            pos++;
            throw error("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u after '\\'");
          }
        }
        pos += 2;
      }
      throw error("a closing '\"'");
    }

    private char hex4() throws IOException {
      int unit = 0;
      for (int i = 0; i < 4; i++, pos++) {
        int digit = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
        if (digit < 0) {
          throw error("4 hexadecimal digits after \\u");
        }
        unit = unit * 16 + digit;
      }
      return (char) unit;
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} */
    private Json number() throws IOException {
      int start = pos;
      consume('-');
      if (consume('0')) {
        if (digits() > 0) {
          pos = start;
          throw error("a number without leading zeros");
        }
      } else if (digits() == 0) {
        throw error(pos == start ? "a JSON value" : "a digit");
      }
      if (consume('.') && digits() == 0) {
        throw error("a digit after '.'");
      }
      if (consume('e') || consume('E')) {
        if (!consume('+')) {
          consume('-');
        }
        if (digits() == 0) {
          throw error("a digit in the exponent");
        }
      }
      return new JsonNumber(new BigDecimal(text.substring(start, pos)));
    }

    private int digits() {
      int start = pos;
      while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
        pos++;
      }
      return pos - start;
    }

    private Json literal(String word, Json value) throws IOException {
      if (!text.startsWith(word, pos)) {
        throw error("a JSON value");
      }
      pos += word.length();
      return value;
    }

    private void enter() throws IOException {
      if (++depth > MAX_DEPTH) {
        throw error("at most " + MAX_DEPTH + " nested arrays and objects");
      }
    }

    private boolean consume(char c) {
      if (pos < text.length() && text.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    private IOException error(String expected) {
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < pos && i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      String found = pos >= text.length() ? "the end" : Parser.describe(text, pos);
      return new IOException(
          "invalid JSON at line "
              + line
              + ", column "
              + (pos - lineStart + 1)
              + ": expected "
              + expected
              + ", found "
              + found);
    }
  }
}
