package io.kcap.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a capture takes: which pods ({@code selector}), which traffic ({@code filters}, {@code
 * bpf}), when ({@code startTime}, {@code endTime}), and how ({@code snapLength}, {@code format},
 * {@code limits}).
 *
 * <p>The first four fields are Calico's PacketCapture spec, unchanged; the rest are kcap extensions
 * that a Calico manifest never needs. Values are kept as written, so a manifest reads back as it
 * was; {@link PacketCaptureValidator} says whether they make sense.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "selector",
  "filters",
  "startTime",
  "endTime",
  "bpf",
  "snapLength",
  "format",
  "limits"
})
public final class PacketCaptureSpec {
  /** The largest snap length libpcap and tcpdump accept ({@code MAXIMUM_SNAPLEN}). */
  public static final int MAX_SNAP_LENGTH = 262144;

  @JsonProperty("selector")
  @JsonPropertyDescription(
      "Calico selector over the labels of the pods in the capture's namespace, such as"
          + " k8s-app == \"nginx\". Empty or absent selects all().")
  private final String selector;

  @JsonProperty("filters")
  @JsonPropertyDescription(
      "Traffic to keep; entries are OR'ed, and within one entry protocol AND ports. No filters"
          + " keeps all traffic.")
  private final List<CaptureFilter> filters;

  @JsonProperty("startTime")
  @JsonPropertyDescription(
      "RFC 3339 time to start capturing; absent or in the past starts at once.")
  @Pattern(TimeValues.RFC3339_PATTERN)
  private final String startTime;

  @JsonProperty("endTime")
  @JsonPropertyDescription(
      "RFC 3339 time to stop capturing; absent captures until the PacketCapture is deleted.")
  @Pattern(TimeValues.RFC3339_PATTERN)
  private final String endTime;

  @JsonProperty("bpf")
  @JsonPropertyDescription(
      "kcap: a pcap-filter expression (as tcpdump takes), AND'ed with the filters.")
  private final String bpf;

  @JsonProperty("snapLength")
  @JsonPropertyDescription(
      "kcap: bytes kept of each packet, 1-262144; the node's default when absent.")
  @Min(1)
  @Max(MAX_SNAP_LENGTH)
  private final Integer snapLength;

  @JsonProperty("format")
  @JsonPropertyDescription("kcap: file format, pcap (the default) or pcapng.")
  private final CaptureFormat format;

  @JsonProperty("limits")
  @JsonPropertyDescription("kcap: per-node caps; the capture finishes on a node at the first one.")
  private final CaptureLimits limits;

  @JsonCreator
  PacketCaptureSpec(
      @JsonProperty("selector") String selector,
      @JsonProperty("filters") List<CaptureFilter> filters,
      @JsonProperty("startTime") String startTime,
      @JsonProperty("endTime") String endTime,
      @JsonProperty("bpf") String bpf,
      @JsonProperty("snapLength") Integer snapLength,
      @JsonProperty("format") CaptureFormat format,
      @JsonProperty("limits") CaptureLimits limits) {
    this.selector = selector;
    this.filters = filters == null ? List.of() : filters.stream().filter(Objects::nonNull).toList();
    this.startTime = startTime;
    this.endTime = endTime;
    this.bpf = bpf;
    this.snapLength = snapLength;
    this.format = format;
    this.limits = limits;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this spec's values, to change some of them. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.selector = selector;
    builder.filters.addAll(filters);
    builder.startTime = startTime;
    builder.endTime = endTime;
    builder.bpf = bpf;
    builder.snapLength = snapLength;
    builder.format = format;
    builder.limits = limits;
    return builder;
  }

  /** The selector as written; absent (like empty) selects {@code all()}. */
  public Optional<String> selector() {
    return Optional.ofNullable(selector);
  }

  public List<CaptureFilter> filters() {
    return filters;
  }

  /** {@code startTime} as written. */
  public Optional<String> startTime() {
    return Optional.ofNullable(startTime);
  }

  /** {@code endTime} as written. */
  public Optional<String> endTime() {
    return Optional.ofNullable(endTime);
  }

  /**
   * {@code startTime} as an instant.
   *
   * @throws IllegalStateException if it is not RFC 3339 (the capture was not validated)
   */
  public Optional<Instant> start() {
    return startTime().map(PacketCaptureSpec::instant);
  }

  /**
   * {@code endTime} as an instant.
   *
   * @throws IllegalStateException if it is not RFC 3339 (the capture was not validated)
   */
  public Optional<Instant> end() {
    return endTime().map(PacketCaptureSpec::instant);
  }

  private static Instant instant(String text) {
    return TimeValues.parseRfc3339(text)
        .orElseThrow(() -> new IllegalStateException(Quoted.of(text) + " is not an RFC 3339 time"));
  }

  /** The kcap {@code bpf} expression as written. */
  public Optional<String> bpf() {
    return Optional.ofNullable(bpf);
  }

  public OptionalInt snapLength() {
    return snapLength == null ? OptionalInt.empty() : OptionalInt.of(snapLength);
  }

  public Optional<CaptureFormat> format() {
    return Optional.ofNullable(format);
  }

  public Optional<CaptureLimits> limits() {
    return Optional.ofNullable(limits);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PacketCaptureSpec that
        && Objects.equals(selector, that.selector)
        && filters.equals(that.filters)
        && Objects.equals(startTime, that.startTime)
        && Objects.equals(endTime, that.endTime)
        && Objects.equals(bpf, that.bpf)
        && Objects.equals(snapLength, that.snapLength)
        && format == that.format
        && Objects.equals(limits, that.limits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(selector, filters, startTime, endTime, bpf, snapLength, format, limits);
  }

  @Override
  public String toString() {
    return "PacketCaptureSpec[selector="
        + selector
        + ", filters="
        + filters
        + ", startTime="
        + startTime
        + ", endTime="
        + endTime
        + ", bpf="
        + bpf
        + ", snapLength="
        + snapLength
        + ", format="
        + format
        + ", limits="
        + limits
        + "]";
  }

  /** Builds a spec; every field is optional. */
  public static final class Builder {
    private String selector;
    private final List<CaptureFilter> filters = new ArrayList<>();
    private String startTime;
    private String endTime;
    private String bpf;
    private Integer snapLength;
    private CaptureFormat format;
    private CaptureLimits limits;

    private Builder() {}

    public Builder selector(String selector) {
      this.selector = Objects.requireNonNull(selector);
      return this;
    }

    public Builder filter(CaptureFilter filter) {
      filters.add(Objects.requireNonNull(filter));
      return this;
    }

    public Builder filters(List<CaptureFilter> filters) {
      this.filters.clear();
      this.filters.addAll(filters);
      return this;
    }

    /**
     * @param startTime an RFC 3339 time, such as {@code 2021-08-26T12:00:00Z}
     */
    public Builder startTime(String startTime) {
      this.startTime = Objects.requireNonNull(startTime);
      return this;
    }

    /**
     * @param endTime an RFC 3339 time, such as {@code 2021-08-26T12:30:00Z}
     */
    public Builder endTime(String endTime) {
      this.endTime = Objects.requireNonNull(endTime);
      return this;
    }

    public Builder bpf(String bpf) {
      this.bpf = Objects.requireNonNull(bpf);
      return this;
    }

    public Builder snapLength(int snapLength) {
      this.snapLength = snapLength;
      return this;
    }

    public Builder format(CaptureFormat format) {
      this.format = Objects.requireNonNull(format);
      return this;
    }

    public Builder limits(CaptureLimits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    public PacketCaptureSpec build() {
      return new PacketCaptureSpec(
          selector, List.copyOf(filters), startTime, endTime, bpf, snapLength, format, limits);
    }
  }
}
