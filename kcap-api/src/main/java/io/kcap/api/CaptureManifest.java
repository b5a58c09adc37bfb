package io.kcap.api;

import java.util.List;
import java.util.Objects;

/**
 * One YAML document of a manifest, read as a PacketCapture.
 *
 * @param document the document's position in its stream, from 1
 * @param line the line the document starts on, from 1
 * @param capture what could be read, in kcap.io/v1 form (a Calico manifest is converted); fields
 *     that could not be read are absent, and {@code violations} says why
 * @param violations what is wrong with the document as written: unknown fields, wrong types, wrong
 *     apiVersion or kind; {@link PacketCaptureValidator} checks the values themselves
 */
public record CaptureManifest(
    int document, int line, PacketCapture capture, List<Violation> violations) {
  /** The namespace kubectl applies a manifest to when it names none. */
  public static final String DEFAULT_NAMESPACE = "default";

  public CaptureManifest {
    Objects.requireNonNull(capture);
    violations = List.copyOf(violations);
  }

  /**
   * How a person finds this document: {@code namespace/name}, or its position when it has no name.
   */
  public String displayName() {
    var metadata = capture.getMetadata();
    String name = metadata == null ? null : metadata.getName();
    if (name == null || name.isEmpty()) {
      return "document " + document + " (line " + line + ")";
    }
    String namespace = metadata.getNamespace();
    return (namespace == null ? DEFAULT_NAMESPACE : namespace) + "/" + name;
  }
}
