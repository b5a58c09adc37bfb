package io.kcap.agent;

import io.kcap.agent.endpoint.Endpoint;
import io.kcap.api.CaptureManifest;
import io.kcap.api.ManifestException;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureManifests;
import java.util.List;
import java.util.Map;

/** Captures and endpoints for the agent's tests, written as briefly as a manifest. */
final class Captures {
  static final String NODE = "node-a";

  private Captures() {}

  /** A capture {@code namespace/name} with this spec, in YAML flow or block form. */
  static PacketCapture capture(String namespace, String name, String specYaml) {
    String yaml =
        "apiVersion: kcap.io/v1\nkind: PacketCapture\nmetadata:\n  namespace: "
            + namespace
            + "\n  name: "
            + name
            + "\nspec:\n"
            + specYaml.indent(2);
    try {
      CaptureManifest manifest = PacketCaptureManifests.read(yaml).getFirst();
      if (!manifest.violations().isEmpty()) {
        throw new IllegalArgumentException(manifest.violations().toString());
      }
      PacketCapture capture = manifest.capture();
      capture.getMetadata().setResourceVersion("1");
      return capture;
    } catch (ManifestException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A pod on {@link #NODE} with its interface named after it. */
  static Endpoint pod(String namespace, String name, Map<String, String> labels) {
    return pod(namespace, name, labels, NODE);
  }

  static Endpoint pod(String namespace, String name, Map<String, String> labels, String node) {
    return new Endpoint(
        namespace, name, labels, List.of("10.240.0.1"), "cali" + name.replace("-", ""), node);
  }
}
