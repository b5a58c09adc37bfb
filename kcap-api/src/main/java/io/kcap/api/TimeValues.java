package io.kcap.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two time notations of the resource: RFC 3339 instants and Go durations. */
final class TimeValues {
  private TimeValues() {}

  /**
   * RFC 3339 section 5.6 {@code date-time}; seconds are required, as in Kubernetes' metav1.Time.
   * The calendar (month lengths, leap years) is then checked by {@link OffsetDateTime}.
   */
  static final String RFC3339_PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$";

  private static final Pattern RFC3339 = Pattern.compile(RFC3339_PATTERN);

  /** Go's {@code time.ParseDuration} units, as metav1.Duration writes them ({@code 1h30m}). */
  static final String GO_DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$";

  private static final Pattern GO_DURATION_PART =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

  static Optional<Instant> parseRfc3339(String text) {
    if (!RFC3339.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(
                  text.toUpperCase(java.util.Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static Optional<Duration> parseGoDuration(String text) {
    if (!text.matches(GO_DURATION_PATTERN)) {
      return Optional.empty();
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = GO_DURATION_PART.matcher(text);
    while (part.find()) {
      BigDecimal unit =
          switch (part.group(2)) {
            case "ns" -> BigDecimal.ONE;
            case "us", "µs" -> BigDecimal.valueOf(1_000L);
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "s" -> BigDecimal.valueOf(1_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            default -> BigDecimal.valueOf(3_600_000_000_000L);
          };
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(unit));
    }
    // Go rejects durations beyond int64 nanoseconds (about 292 years); so do we.
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(nanos.longValue()));
  }
}
