package io.kcap.api;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Generates the PacketCapture CRD from the model with fabric8's CRD generator, then adds what the
 * generator cannot derive from Java types.
 */
final class PacketCaptureCrd {
  static final String HEADER =
      """
      # The PacketCapture CRD, generated from io.kcap.api.PacketCapture: do not edit.
      # Regenerate: ./mvnw -pl kcap-api test -Dtest=PacketCaptureCrdTest -Dkcap.crd.update=true
      """;

  /** kubectl get shows columns in this order; the generator sorts them by name. */
  private static final List<String> COLUMN_ORDER = List.of("Selector", "Start", "End", "Age");

  private PacketCaptureCrd() {}

  static Path committedFile() {
    return Path.of(System.getProperty("kcap.crd.file"));
  }

  /** The CRD YAML, as committed under deploy/crd. */
  static String generateYaml() {
    try {
      Path dir = Files.createTempDirectory("kcap-crd");
      try {
        new CRDGenerator()
            .inOutputDir(dir.toFile())
            .forCRDVersions("v1")
            .withPostProcessor(new Refinements())
            .customResourceClasses(PacketCapture.class)
            .generate();
        Path generated =
            dir.resolve(CRDGenerator.getOutputName("packetcaptures.kcap.io", "v1") + ".yml");
        return HEADER + Files.readString(generated);
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The generator reads constraints from annotations only on string and number fields; an
   * int-or-string field (IntOrString) gets none, and a String field no {@code format}. These are
   * added here, from the same constants the validator uses.
   */
  private static final class Refinements implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata resource, String crdSpecVersion) {
      var crd = (CustomResourceDefinition) resource;
      var version = crd.getSpec().getVersions().getFirst();
      JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");

      JSONSchemaProps filter = spec.getProperties().get("filters").getItems().getSchema();
      JSONSchemaProps protocol = filter.getProperties().get("protocol");
      // For an int-or-string, Kubernetes applies pattern to strings and the bounds to integers.
      protocol.setPattern(IpProtocol.PATTERN);
      protocol.setMinimum((double) IpProtocol.MIN);
      protocol.setMaximum((double) IpProtocol.MAX);
      JSONSchemaProps port = filter.getProperties().get("ports").getItems().getSchema();
      port.setPattern(PortRange.PATTERN);
      port.setMinimum((double) PortRange.MIN);
      port.setMaximum((double) PortRange.MAX);

      // date-time also makes these timestamps in CEL rules, should the CRD gain some.
      spec.getProperties().get("startTime").setFormat("date-time");
      spec.getProperties().get("endTime").setFormat("date-time");

      List<CustomResourceColumnDefinition> columns =
          version.getAdditionalPrinterColumns().stream()
              .sorted(Comparator.comparingInt(column -> order(column.getName())))
              .toList();
      version.setAdditionalPrinterColumns(columns);
      return crd;
    }

    private static int order(String column) {
      int index = COLUMN_ORDER.indexOf(column);
      return index < 0 ? COLUMN_ORDER.size() : index;
    }
  }
}
