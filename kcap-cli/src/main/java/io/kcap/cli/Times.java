package io.kcap.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** RFC 3339 times as kcap reads and prints them. */
final class Times {
  private static final DateTimeFormatter NANOS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Times() {}

  /** UTC with all nine digits of the second's fraction: {@code 2024-05-01T12:00:00.000001000Z}. */
  static String format(Instant instant) {
    return NANOS.format(instant);
  }

  /**
   * Parses an RFC 3339 date-time (section 5.6), with a {@code Z} or numeric offset.
   *
   * @param option the option the text came from, for the error message
   */
  static Instant parse(String option, String text) {
    try {
      return OffsetDateTime.parse(
              text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw new CliException(
          option
              + " '"
              + text
              + "' is not an RFC 3339 time such as 2024-05-01T12:00:00Z or"
              + " 2024-05-01T14:00:00.5+02:00",
          2);
    }
  }
}
