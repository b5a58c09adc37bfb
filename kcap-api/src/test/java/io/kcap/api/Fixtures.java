package io.kcap.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Test manifests and stand-ins for the checks other modules provide. */
final class Fixtures {
  private Fixtures() {}

  /**
   * Stands in for kcap-selector and libpcap: rejects selectors and expressions containing "bogus",
   * with a recognisable message, and accepts the rest.
   */
  static final ExpressionChecks FAKE_CHECKS =
      new ExpressionChecks() {
        @Override
        public Optional<String> selectorError(String selector) {
          return selector.contains("bogus")
              ? Optional.of("unexpected token \"bogus\" at offset " + selector.indexOf("bogus"))
              : Optional.empty();
        }

        @Override
        public Optional<String> bpfError(String expression) {
          return expression.contains("bogus")
              ? Optional.of("syntax error in filter expression")
              : Optional.empty();
        }
      };

  static final PacketCaptureValidator VALIDATOR = new PacketCaptureValidator(FAKE_CHECKS);

  static final List<String> CALICO_MANIFESTS =
      List.of(
          "manifests/calico/sample-capture-nginx.yaml",
          "manifests/calico/sample-capture-all.yaml",
          "manifests/calico/reference-samples.yaml",
          "manifests/calico/reference-filters.yaml",
          "manifests/calico/status-output.yaml");

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CaptureManifest readOne(String yaml) {
    try {
      List<CaptureManifest> manifests = PacketCaptureManifests.read(yaml);
      if (manifests.size() != 1) {
        throw new IllegalStateException(manifests.size() + " documents in " + yaml);
      }
      return manifests.getFirst();
    } catch (ManifestException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A kcap.io/v1 capture named shop/web with this spec (indented two spaces per level). */
  static String capture(String spec) {
    return """
        apiVersion: kcap.io/v1
        kind: PacketCapture
        metadata:
          name: web
          namespace: shop
        spec:
        """
        + spec.indent(2);
  }

  /** Everything reading and validating {@code yaml} finds, as {@code kcap validate} prints it. */
  static List<String> violations(String yaml) {
    return VALIDATOR.validate(readOne(yaml)).stream().map(Violation::toString).toList();
  }
}
