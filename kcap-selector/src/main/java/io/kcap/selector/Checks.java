package io.kcap.selector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** What the {@link Selector} records check on construction, and the set order they share. */
final class Checks {
  /** Calico's limit on a label key in a selector (libcalico-go tokenizer, LabelKeyMatcher). */
  static final int MAX_LABEL_LENGTH = 512;

  /**
   * Unicode code point order, which is exactly the byte order of the UTF-8 encodings: Calico sorts
   * Go strings (UTF-8 bytes), while {@link String#compareTo} orders UTF-16 units and puts U+E000 to
   * U+FFFF after the supplementary planes. Compares without encoding, so lookups allocate nothing.
   */
  static final Comparator<String> UTF8_ORDER = Checks::compareUtf8;

  private Checks() {}

  static boolean isLabelChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '/'
        || c == '-';
  }

  static void label(String label) {
    Objects.requireNonNull(label, "label");
    if (label.isEmpty()) {
      throw new IllegalArgumentException("label key is empty; it needs 1 to 512 characters");
    }
    if (label.length() > MAX_LABEL_LENGTH) {
      throw new IllegalArgumentException(
          "label key of " + label.length() + " characters exceeds the maximum " + MAX_LABEL_LENGTH);
    }
    for (int i = 0; i < label.length(); i++) {
      if (!isLabelChar(label.charAt(i))) {
        throw new IllegalArgumentException(
            "label key \""
                + label
                + "\" has "
                + Parser.describe(label, i)
                + " at index "
                + i
                + "; a label key is made of A-Z a-z 0-9 _ . / -");
      }
    }
  }

  static void value(String value) {
    Objects.requireNonNull(value, "value");
    if (value.indexOf('"') >= 0 && value.indexOf('\'') >= 0) {
      throw new IllegalArgumentException(
          "value <" + value + "> holds both ' and \"; a selector string can quote only one kind");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r') {
        throw new IllegalArgumentException(
            "value has "
                + Parser.describe(value, i)
                + " at index "
                + i
                + "; a selector is one line");
      }
    }
  }

  static List<String> sortedSet(List<String> values) {
    List<String> sorted = new ArrayList<>(values);
    sorted.forEach(Checks::value);
    sorted.sort(UTF8_ORDER);
    for (int i = sorted.size() - 1; i > 0; i--) {
      if (sorted.get(i).equals(sorted.get(i - 1))) {
        sorted.remove(i);
      }
    }
    return List.copyOf(sorted);
  }

  static boolean contains(List<String> sortedValues, String value) {
    return Collections.binarySearch(sortedValues, value, UTF8_ORDER) >= 0;
  }

  static List<Selector> operands(String group, List<Selector> operands) {
    List<Selector> copy = List.copyOf(operands);
    if (copy.size() < 2) {
      throw new IllegalArgumentException(
          group
              + " needs at least 2 operands, got "
              + copy.size()
              + "; a group of one would print as text that parses back to its operand");
    }
    return copy;
  }

  static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Only when both are at or above the surrogates does UTF-16 order differ from code point
        // order: move surrogates above U+E000..U+FFFF (the fix-up ICU's compareCodePointOrder
        // uses).
        if (x >= 0xD800 && y >= 0xD800) {
          return Integer.compare(fixUp(x), fixUp(y));
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  private static int fixUp(char c) {
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }
}
