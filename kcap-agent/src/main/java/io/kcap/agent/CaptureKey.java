package io.kcap.agent;

import io.kcap.api.CaptureManifest;
import io.kcap.api.PacketCapture;
import java.util.Comparator;
import java.util.Objects;

/** Which PacketCapture: its namespace and name. */
public record CaptureKey(String namespace, String name) implements Comparable<CaptureKey> {
  private static final Comparator<CaptureKey> ORDER =
      Comparator.comparing(CaptureKey::namespace).thenComparing(CaptureKey::name);

  public CaptureKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  public static CaptureKey of(PacketCapture capture) {
    var metadata = capture.getMetadata();
    return new CaptureKey(
        Objects.requireNonNullElse(metadata.getNamespace(), CaptureManifest.DEFAULT_NAMESPACE),
        metadata.getName());
  }

  @Override
  public int compareTo(CaptureKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
