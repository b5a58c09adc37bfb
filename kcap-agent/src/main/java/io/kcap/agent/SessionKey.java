package io.kcap.agent;

import java.util.Comparator;
import java.util.Objects;

/**
 * One capture session: a capture on one interface of one of its pods. Its pods are in its own
 * namespace, so the pod's name is enough.
 */
public record SessionKey(CaptureKey capture, String pod, String interfaceName)
    implements Comparable<SessionKey> {
  private static final Comparator<SessionKey> ORDER =
      Comparator.comparing(SessionKey::capture)
          .thenComparing(SessionKey::pod)
          .thenComparing(SessionKey::interfaceName);

  public SessionKey {
    Objects.requireNonNull(capture, "capture");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(interfaceName, "interfaceName");
  }

  @Override
  public int compareTo(SessionKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return capture + " on " + capture.namespace() + "/" + pod + " (" + interfaceName + ")";
  }
}
