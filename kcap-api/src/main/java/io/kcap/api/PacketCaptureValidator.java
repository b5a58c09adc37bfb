package io.kcap.api;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a PacketCapture the way admission would, and reports every problem at once.
 *
 * <p>A pure function: it changes nothing and returns all {@link Violation}s, so a capture is either
 * accepted whole or not at all. What a CRD schema can say is also in the generated CRD; the rest
 * (selector syntax, BPF compilation, end after start, ports only with port protocols) only here.
 *
 * {@snippet :
 * var validator = new PacketCaptureValidator(checks);
 * for (CaptureManifest manifest : PacketCaptureManifests.read(yaml)) {
 *   List<Violation> violations = validator.validate(manifest);
 * }
 * }
 */
public final class PacketCaptureValidator {
  /** {@code k8s.io/apimachinery/pkg/util/validation}: DNS1123SubdomainMaxLength. */
  static final int MAX_NAME_LENGTH = 253;

  /** {@code k8s.io/apimachinery/pkg/util/validation}: DNS1123LabelMaxLength. */
  static final int MAX_NAMESPACE_LENGTH = 63;

  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1123_LABEL = Pattern.compile(LABEL);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");

  private final ExpressionChecks checks;

  public PacketCaptureValidator(ExpressionChecks checks) {
    this.checks = Objects.requireNonNull(checks);
  }

  /**
   * What reading the manifest found and what validating its capture finds, together in the order of
   * the fields they concern.
   */
  public List<Violation> validate(CaptureManifest manifest) {
    List<Violation> all = new ArrayList<>(manifest.violations());
    all.addAll(validate(manifest.capture()));
    all.sort(ViolationOrder.INSTANCE); // stable: violations of one field keep their order
    return List.copyOf(all);
  }

  /** Every violation in {@code capture}; empty when it may be applied. */
  public List<Violation> validate(PacketCapture capture) {
    List<Violation> violations = new ArrayList<>();
    validateMetadata(capture.getMetadata(), violations);
    PacketCaptureSpec spec =
        capture.getSpec() == null ? PacketCaptureSpec.builder().build() : capture.getSpec();
    validateSpec(spec, violations);
    return List.copyOf(violations);
  }

  private static void validateMetadata(ObjectMeta metadata, List<Violation> out) {
    String name = metadata == null ? null : metadata.getName();
    if (name == null || name.isEmpty()) {
      out.add(new Violation("metadata.name", "required value: a PacketCapture needs a name"));
    } else if (name.length() > MAX_NAME_LENGTH) {
      out.add(
          new Violation(
              "metadata.name",
              "invalid value "
                  + Quoted.of(name)
                  + ": must be no more than "
                  + MAX_NAME_LENGTH
                  + " characters (got "
                  + name.length()
                  + ")"));
    } else if (!DNS1123_SUBDOMAIN.matcher(name).matches()) {
      out.add(
          new Violation(
              "metadata.name",
              "invalid value "
                  + Quoted.of(name)
                  + ": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                  + " characters, '-' or '.', and must start and end with an alphanumeric"
                  + " character (e.g. 'example.com')"));
    }
    String namespace = metadata == null ? null : metadata.getNamespace();
    if (namespace == null) {
      return; // the default namespace, as kubectl applies it
    }
    if (namespace.length() > MAX_NAMESPACE_LENGTH) {
      out.add(
          new Violation(
              "metadata.namespace",
              "invalid value "
                  + Quoted.of(namespace)
                  + ": must be no more than "
                  + MAX_NAMESPACE_LENGTH
                  + " characters (got "
                  + namespace.length()
                  + ")"));
    } else if (!DNS1123_LABEL.matcher(namespace).matches()) {
      out.add(
          new Violation(
              "metadata.namespace",
              "invalid value "
                  + Quoted.of(namespace)
                  + ": a lowercase RFC 1123 label must consist of lower case alphanumeric"
                  + " characters or '-', and must start and end with an alphanumeric character"
                  + " (e.g. 'my-name' or '123-abc')"));
    }
  }

  private void validateSpec(PacketCaptureSpec spec, List<Violation> out) {
    spec.selector()
        .filter(selector -> !selector.isBlank())
        .ifPresent(
            selector ->
                checks
                    .selectorError(selector)
                    .ifPresent(
                        error ->
                            out.add(
                                new Violation(
                                    "spec.selector",
                                    "invalid selector " + Quoted.of(selector) + ": " + error))));

    for (int i = 0; i < spec.filters().size(); i++) {
      validateFilter(FieldPath.index("spec.filters", i), spec.filters().get(i), out);
    }

    Optional<Instant> start = time("spec.startTime", spec.startTime(), out);
    Optional<Instant> end = time("spec.endTime", spec.endTime(), out);
    if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
      out.add(
          new Violation(
              "spec.endTime",
              "invalid value "
                  + Quoted.of(spec.endTime().orElseThrow())
                  + ": must be after startTime "
                  + Quoted.of(spec.startTime().orElseThrow())));
    }

    spec.bpf()
        .filter(bpf -> !bpf.isBlank())
        .ifPresent(
            bpf ->
                checks
                    .bpfError(bpf)
                    .ifPresent(
                        error ->
                            out.add(
                                new Violation(
                                    "spec.bpf",
                                    "invalid pcap-filter expression "
                                        + Quoted.of(bpf)
                                        + ": "
                                        + error))));

    spec.snapLength()
        .ifPresent(
            snapLength -> snapLengthViolation(BigInteger.valueOf(snapLength)).ifPresent(out::add));

    spec.limits().ifPresent(limits -> validateLimits(limits, out));
  }

  /** Shared with the reader, which meets snap lengths too large for the model's int. */
  static Optional<Violation> snapLengthViolation(BigInteger snapLength) {
    if (snapLength.signum() < 1) {
      return Optional.of(
          new Violation(
              "spec.snapLength",
              "snap length " + Quoted.of(snapLength) + " is below the minimum 1"));
    }
    if (snapLength.compareTo(BigInteger.valueOf(PacketCaptureSpec.MAX_SNAP_LENGTH)) > 0) {
      return Optional.of(
          new Violation(
              "spec.snapLength",
              "snap length "
                  + Quoted.of(snapLength)
                  + " exceeds the maximum "
                  + PacketCaptureSpec.MAX_SNAP_LENGTH));
    }
    return Optional.empty();
  }

  private static void validateFilter(String path, CaptureFilter filter, List<Violation> out) {
    Optional<IpProtocol> protocol = Optional.empty();
    Optional<IntOrString> written = filter.protocol();
    if (written.isPresent()) {
      try {
        protocol = Optional.of(IpProtocol.of(written.get()));
      } catch (IllegalArgumentException e) {
        out.add(new Violation(FieldPath.child(path, "protocol"), e.getMessage()));
      }
    }
    List<IntOrString> ports = filter.ports();
    for (int i = 0; i < ports.size(); i++) {
      try {
        PortRange.of(ports.get(i));
      } catch (IllegalArgumentException e) {
        out.add(new Violation(FieldPath.index(FieldPath.child(path, "ports"), i), e.getMessage()));
      }
    }
    if (ports.isEmpty()) {
      return;
    }
    // Calico's rule: ports need a protocol whose header has ports. An unparsable protocol is
    // already reported above; saying more about it would only repeat that.
    if (written.isEmpty()) {
      out.add(
          new Violation(
              FieldPath.child(path, "ports"),
              "ports need a protocol: set protocol to TCP, UDP, SCTP or UDPLite"));
    } else if (protocol.isPresent() && !protocol.get().hasPorts()) {
      out.add(
          new Violation(
              FieldPath.child(path, "ports"),
              "protocol "
                  + Quoted.of(Values.text(written.get()))
                  + " has no ports: ports need TCP, UDP, SCTP or UDPLite"));
    }
  }

  private static Optional<Instant> time(String path, Optional<String> text, List<Violation> out) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> parsed = TimeValues.parseRfc3339(text.get());
    if (parsed.isEmpty()) {
      out.add(
          new Violation(
              path,
              "invalid time "
                  + Quoted.of(text.get())
                  + ": expected RFC 3339, such as 2021-08-26T12:00:00Z"));
    }
    return parsed;
  }

  private static void validateLimits(CaptureLimits limits, List<Violation> out) {
    limits
        .maxPackets()
        .ifPresent(
            packets -> {
              if (packets < 1) {
                out.add(
                    new Violation(
                        "spec.limits.maxPackets",
                        "invalid value " + Quoted.of(packets) + ": must be positive"));
              }
            });
    limits
        .maxBytes()
        .ifPresent(
            bytes -> {
              if (bytes < 1) {
                out.add(
                    new Violation(
                        "spec.limits.maxBytes",
                        "invalid value " + Quoted.of(bytes) + ": must be positive"));
              }
            });
    limits
        .maxDurationText()
        .ifPresent(
            text -> {
              Optional<Duration> duration = TimeValues.parseGoDuration(text);
              if (duration.isEmpty()) {
                out.add(
                    new Violation(
                        "spec.limits.maxDuration",
                        "invalid duration "
                            + Quoted.of(text)
                            + ": expected a Go duration such as 90s, 15m or 1h30m"));
              } else if (duration.get().isZero()) {
                out.add(
                    new Violation(
                        "spec.limits.maxDuration",
                        "invalid duration " + Quoted.of(text) + ": must be positive"));
              }
            });
  }
}
