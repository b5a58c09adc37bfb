package io.kcap.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CRD's patterns and kcap's validation must agree: what admission lets through, {@code kcap
 * validate} accepts, and the other way round (except what only validation can see).
 */
class SchemaPatternsTest {
  @Test
  void theProtocolPatternAcceptsExactlyTheStringsValidationAccepts() {
    Pattern pattern = Pattern.compile(IpProtocol.PATTERN);
    List<String> candidates = new ArrayList<>();
    for (int i = -2; i <= 1000; i++) {
      candidates.add(Integer.toString(i));
      candidates.add("0" + i);
    }
    candidates.addAll(
        List.of(
            "TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite", "tcp", "Udp", "ICMPV6", "UDPLITE",
            "udplite", "GRE", "", " 6", "6 ", "+6", "0x6", "6.0", "TCP UDP"));

    for (String candidate : candidates) {
      assertThat(pattern.matcher(candidate).find())
          .as(candidate)
          .isEqualTo(accepts(() -> IpProtocol.of(new IntOrString(candidate))));
    }
  }

  @Test
  void thePortPatternAcceptsTheStringsValidationAcceptsBarStartAfterEnd() {
    Pattern pattern = Pattern.compile(PortRange.PATTERN);
    List<String> candidates = new ArrayList<>();
    for (int i = 0; i <= 70000; i++) {
      candidates.add(Integer.toString(i));
    }
    for (String a : List.of("0", "1", "080", "1024", "65535", "65536", "99999", "")) {
      for (String b : List.of("0", "1", "80", "1024", "65535", "65536", "")) {
        candidates.add(a + ":" + b);
      }
    }
    candidates.addAll(List.of("http", "-1", "+80", "80-90", "1:2:3", " 80", "0x50"));

    for (String candidate : candidates) {
      boolean valid = accepts(() -> PortRange.of(new IntOrString(candidate)));
      boolean startAfterEnd = !valid && candidate.matches("\\d+:\\d+") && startAfterEnd(candidate);
      assertThat(pattern.matcher(candidate).find()).as(candidate).isEqualTo(valid || startAfterEnd);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "2021-08-26T12:00:00Z, true",
    "2021-08-26T12:00:00.5+02:00, true",
    "2021-08-26t12:00:00z, true",
    "2021-08-26T12:00Z, false",
    "2021-08-26 12:00:00Z, false",
    "2021-08-26T12:00:00, false"
  })
  void theTimePatternMatchesRfc3339(String time, boolean valid) {
    assertThat(Pattern.compile(TimeValues.RFC3339_PATTERN).matcher(time).find()).isEqualTo(valid);
    assertThat(TimeValues.parseRfc3339(time).isPresent()).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({
    "90s, PT1M30S",
    "15m, PT15M",
    "1h30m, PT1H30M",
    "1.5h, PT1H30M",
    "500ms, PT0.5S",
    "2us, PT0.000002S",
    "2µs, PT0.000002S",
    "7ns, PT0.000000007S",
    "0s, PT0S"
  })
  void goDurationsReadAsGoReadsThem(String text, String expected) {
    assertThat(TimeValues.parseGoDuration(text)).contains(Duration.parse(expected));
    assertThat(Pattern.compile(TimeValues.GO_DURATION_PATTERN).matcher(text).find()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"15, ", "15 m, ", "m, ", "-5m, ", "1d, ", "PT15M, ", "3000000h, "})
  void whatGoRejectsIsNotADuration(String text) {
    assertThat(TimeValues.parseGoDuration(text)).isEmpty();
  }

  private static boolean startAfterEnd(String range) {
    String[] parts = range.split(":");
    return Long.parseLong(parts[0]) > Long.parseLong(parts[1])
        && Long.parseLong(parts[0]) <= 65535
        && Long.parseLong(parts[1]) >= 1;
  }

  private static boolean accepts(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
