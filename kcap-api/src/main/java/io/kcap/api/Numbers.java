package io.kcap.api;

/** Decimal parsing that never overflows, so an absurd value is reported rather than wrapped. */
final class Numbers {
  private Numbers() {}

  /** One or more ASCII digits and nothing else (no sign, no spaces). */
  static boolean isDecimal(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** The value of {@link #isDecimal} digits, saturated at {@link Long#MAX_VALUE}. */
  static long parseClamped(String digits) {
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = digits.charAt(i) - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return Long.MAX_VALUE;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
