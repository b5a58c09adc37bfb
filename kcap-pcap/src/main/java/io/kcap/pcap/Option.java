package io.kcap.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One pcapng option: a code and its value bytes, without padding, as stored in the file (numbers in
 * the byte order of their section).
 *
 * <p>An options list read from a file keeps its {@link OptionCode#END_OF_OPTIONS} entry when the
 * file had one, so that writing the list back reproduces the block byte for byte.
 */
public record Option(OptionCode code, byte[] value) {
  public static final int MAX_VALUE_LENGTH = 0xFFFF;

  public Option {
    Objects.requireNonNull(code, "code");
    value = value.clone();
    if (value.length > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(
          "option value of " + value.length + " bytes exceeds the maximum " + MAX_VALUE_LENGTH);
    }
  }

  /** The terminator of an options list. */
  public static Option endOfOptions() {
    return new Option(OptionCode.END_OF_OPTIONS, new byte[0]);
  }

  /** A UTF-8 string option, such as a comment or an interface name. */
  public static Option string(OptionCode code, String text) {
    return new Option(code, text.getBytes(StandardCharsets.UTF_8));
  }

  public static Option comment(String text) {
    return string(OptionCode.COMMENT, text);
  }

  /** A 64-bit number option, such as {@code if_tsoffset}, in the given byte order. */
  public static Option int64(OptionCode code, long number, ByteOrder order) {
    return new Option(code, ByteBuffer.allocate(8).order(order).putLong(0, number).array());
  }

  /** The value bytes (a copy). */
  @Override
  public byte[] value() {
    return value.clone();
  }

  public int length() {
    return value.length;
  }

  byte[] valueUnsafe() {
    return value;
  }

  public String stringValue() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Option that
        && code.equals(that.code)
        && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return 31 * code.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "Option[" + code + ": " + HexFormat.of().formatHex(value) + "]";
  }
}
