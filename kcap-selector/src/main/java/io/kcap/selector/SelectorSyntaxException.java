package io.kcap.selector;

/**
 * Selector text that does not parse. The message reads {@code expected a quoted string at offset 5,
 * found 'b'}; the parts are available for tools that point at the spot.
 */
public final class SelectorSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final int offset;
  private final String expected;
  private final String found;

  SelectorSyntaxException(String input, int offset, String expected, String found) {
    super("expected " + expected + " at offset " + offset + ", found " + found);
    this.input = input;
    this.offset = offset;
    this.expected = expected;
    this.found = found;
  }

  /** The selector text as given. */
  public String input() {
    return input;
  }

  /** Index in {@link #input()} (UTF-16 units, as {@link String#charAt}) where parsing stopped. */
  public int offset() {
    return offset;
  }

  /** What would have been valid at {@link #offset()}, e.g. {@code a quoted string}. */
  public String expected() {
    return expected;
  }

  /** What is there instead, e.g. {@code 'b'}, {@code a line break} or {@code the end}. */
  public String found() {
    return found;
  }
}
