package io.kcap.pcap;

import java.math.BigInteger;

/**
 * The unit of a timestamp: the {@code if_tsresol} byte of a pcapng interface (RFC draft
 * draft-ietf-opsawg-pcapng, section 4.2). The high bit chooses the base (0: 10, 1: 2), the other
 * seven bits are the negative exponent, so {@code 6} is microseconds and {@code 9} nanoseconds.
 *
 * <p>An open value: every code kcap can compute with is kept as read. Codes whose unit is finer
 * than a 64-bit count can express (10^-19 and below, 2^-63 and below) are refused on construction.
 *
 * @param code the {@code if_tsresol} byte, 0..255
 */
public record TimestampResolution(int code) {
  public static final TimestampResolution MICROSECONDS = new TimestampResolution(6);
  public static final TimestampResolution NANOSECONDS = new TimestampResolution(9);

  private static final int MAX_DECIMAL_EXPONENT = 18;
  private static final int MAX_BINARY_EXPONENT = 62;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final BigInteger BIG_NANOS_PER_SECOND = BigInteger.valueOf(NANOS_PER_SECOND);

  public TimestampResolution {
    if (code < 0 || code > 0xFF) {
      throw new IllegalArgumentException("timestamp resolution " + code + " is outside 0..255");
    }
    int exponent = code & 0x7F;
    if ((code & 0x80) == 0 && exponent > MAX_DECIMAL_EXPONENT) {
      throw new IllegalArgumentException(
          "timestamp resolution 10^-"
              + exponent
              + " is finer than the finest supported, 10^-"
              + MAX_DECIMAL_EXPONENT);
    }
    if ((code & 0x80) != 0 && exponent > MAX_BINARY_EXPONENT) {
      throw new IllegalArgumentException(
          "timestamp resolution 2^-"
              + exponent
              + " is finer than the finest supported, 2^-"
              + MAX_BINARY_EXPONENT);
    }
  }

  /** The resolution of a classic pcap file of the given precision. */
  public static TimestampResolution of(TimestampPrecision precision) {
    return precision == TimestampPrecision.NANOSECONDS ? NANOSECONDS : MICROSECONDS;
  }

  public boolean isPowerOfTwo() {
    return (code & 0x80) != 0;
  }

  /** The negative exponent: units are {@code base^-exponent} seconds. */
  public int exponent() {
    return code & 0x7F;
  }

  public long unitsPerSecond() {
    if (isPowerOfTwo()) {
      return 1L << exponent();
    }
    long units = 1;
    for (int i = 0; i < exponent(); i++) {
      units *= 10;
    }
    return units;
  }

  /**
   * Converts a count of units (read as unsigned, as pcapng stores it) to nanoseconds since the
   * epoch, rounding toward the past like Wireshark and libpcap do.
   *
   * <p>Counts beyond what a {@code long} of nanoseconds holds (about the year 2262) saturate at
   * {@link Long#MAX_VALUE}: such stamps only appear in damaged files, which kcap still copies.
   */
  public long toNanos(long units) {
    if (code == 9) {
      return units < 0 ? Long.MAX_VALUE : units;
    }
    if (code == 6) {
      return units < 0 || units > Long.MAX_VALUE / 1_000 ? Long.MAX_VALUE : units * 1_000;
    }
    long perSecond = unitsPerSecond();
    long seconds = Long.divideUnsigned(units, perSecond);
    long fraction = Long.remainderUnsigned(units, perSecond);
    if (seconds < 0 || seconds > Long.MAX_VALUE / NANOS_PER_SECOND) {
      return Long.MAX_VALUE;
    }
    long fractionNanos;
    if (perSecond <= Long.MAX_VALUE / NANOS_PER_SECOND) {
      fractionNanos = fraction * NANOS_PER_SECOND / perSecond;
    } else {
      fractionNanos =
          BigInteger.valueOf(fraction)
              .multiply(BIG_NANOS_PER_SECOND)
              .divide(BigInteger.valueOf(perSecond))
              .longValue();
    }
    return saturatedAdd(seconds * NANOS_PER_SECOND, fractionNanos);
  }

  /**
   * Converts nanoseconds since the epoch to a count of units, rounding toward the past. Instants
   * before the epoch have no unsigned count and are refused.
   */
  public long fromNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException(
          "timestamp " + nanos + " ns is before 1970, which pcapng cannot store");
    }
    long perSecond = unitsPerSecond();
    long seconds = nanos / NANOS_PER_SECOND;
    long fractionNanos = nanos % NANOS_PER_SECOND;
    BigInteger units =
        BigInteger.valueOf(seconds)
            .multiply(BigInteger.valueOf(perSecond))
            .add(
                BigInteger.valueOf(fractionNanos)
                    .multiply(BigInteger.valueOf(perSecond))
                    .divide(BIG_NANOS_PER_SECOND));
    if (units.bitLength() > 64) {
      throw new IllegalArgumentException(
          "timestamp " + nanos + " ns does not fit 64 bits of " + this + " units");
    }
    return units.longValue();
  }

  /** Fast conversion for the common decimal resolutions; falls back to the exact one. */
  long fromNanosFast(long nanos) {
    if (code == 9 && nanos >= 0) {
      return nanos;
    }
    if (code == 6 && nanos >= 0) {
      return nanos / 1_000;
    }
    return fromNanos(nanos);
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  @Override
  public String toString() {
    return (isPowerOfTwo() ? "2^-" : "10^-") + exponent() + " s";
  }
}
