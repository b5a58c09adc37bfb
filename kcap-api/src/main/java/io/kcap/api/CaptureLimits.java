package io.kcap.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Caps on what a capture takes on each node ({@code spec.limits}, a kcap extension); the capture
 * finishes on that node when the first one is reached. Absent means no cap.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"maxPackets", "maxBytes", "maxDuration"})
public final class CaptureLimits {
  @JsonProperty("maxPackets")
  @JsonPropertyDescription("Stop after this many packets on a node.")
  @Min(1)
  private final Long maxPackets;

  @JsonProperty("maxBytes")
  @JsonPropertyDescription("Stop after this many bytes of packet data written on a node.")
  @Min(1)
  private final Long maxBytes;

  @JsonProperty("maxDuration")
  @JsonPropertyDescription(
      "Stop this long after capturing started on a node, as a Go duration such as 90s or 1h30m.")
  @Pattern(TimeValues.GO_DURATION_PATTERN)
  private final String maxDuration;

  @JsonCreator
  CaptureLimits(
      @JsonProperty("maxPackets") Long maxPackets,
      @JsonProperty("maxBytes") Long maxBytes,
      @JsonProperty("maxDuration") String maxDuration) {
    this.maxPackets = maxPackets;
    this.maxBytes = maxBytes;
    this.maxDuration = maxDuration;
  }

  /** No caps. */
  public static CaptureLimits none() {
    return new CaptureLimits(null, null, null);
  }

  public CaptureLimits withMaxPackets(long packets) {
    return new CaptureLimits(packets, maxBytes, maxDuration);
  }

  public CaptureLimits withMaxBytes(long bytes) {
    return new CaptureLimits(maxPackets, bytes, maxDuration);
  }

  /**
   * @param duration a Go duration such as {@code 90s} or {@code 1h30m}
   */
  public CaptureLimits withMaxDuration(String duration) {
    return new CaptureLimits(maxPackets, maxBytes, Objects.requireNonNull(duration));
  }

  public OptionalLong maxPackets() {
    return maxPackets == null ? OptionalLong.empty() : OptionalLong.of(maxPackets);
  }

  public OptionalLong maxBytes() {
    return maxBytes == null ? OptionalLong.empty() : OptionalLong.of(maxBytes);
  }

  /** {@code maxDuration} as written. */
  public Optional<String> maxDurationText() {
    return Optional.ofNullable(maxDuration);
  }

  /**
   * {@code maxDuration} as a {@link Duration}.
   *
   * @throws IllegalStateException if it is not a Go duration (the capture was not validated)
   */
  public Optional<Duration> maxDuration() {
    return maxDurationText()
        .map(
            text ->
                TimeValues.parseGoDuration(text)
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "maxDuration " + Quoted.of(text) + " is not a Go duration")));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CaptureLimits that
        && Objects.equals(maxPackets, that.maxPackets)
        && Objects.equals(maxBytes, that.maxBytes)
        && Objects.equals(maxDuration, that.maxDuration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxPackets, maxBytes, maxDuration);
  }

  @Override
  public String toString() {
    return "CaptureLimits[maxPackets="
        + maxPackets
        + ", maxBytes="
        + maxBytes
        + ", maxDuration="
        + maxDuration
        + "]";
  }
}
