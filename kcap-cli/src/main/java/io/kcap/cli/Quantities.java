package io.kcap.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes ({@code 64M}, {@code 512KiB}) and durations ({@code 30s}, {@code 5m}) as users type them.
 */
final class Quantities {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private Quantities() {}

  /**
   * Bytes from a number with an optional binary suffix: K, M, G or T (also KB, KiB, ...), all
   * powers of 1024.
   */
  static long bytes(String option, String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a size such as 1048576, 512K, 64M or 2G");
    }
    int shift =
        switch (m.group(2)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    try {
      long number = Long.parseLong(m.group(1));
      if (number > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return number << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is too large");
    }
  }

  /** A duration: a number with ms, s, m, h or d (seconds when bare), or ISO-8601 like PT90S. */
  static Duration duration(String option, String text) {
    String trimmed = text.strip();
    if (trimmed.regionMatches(true, 0, "P", 0, 1)) {
      try {
        return Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(option + " '" + text + "' is not an ISO-8601 duration");
      }
    }
    Matcher m = DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a duration such as 90, 500ms, 30s, 5m or 2h");
    }
    try {
      long number = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(number);
        case "m" -> Duration.ofMinutes(number);
        case "h" -> Duration.ofHours(number);
        case "d" -> Duration.ofDays(number);
        default -> Duration.ofSeconds(number);
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is too long");
    }
  }
}
