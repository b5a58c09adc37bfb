package io.kcap.agent.endpoint;

import io.kcap.agent.internal.Hashes;

/**
 * The names Calico gives a pod's host-side interface, so that kcap finds (and the sandbox makes)
 * the interfaces a Calico node has.
 */
public final class CalicoNames {
  private CalicoNames() {}

  /**
   * libcalico-go's {@code VethNameForWorkload(namespace, pod)}: {@code cali} followed by the first
   * 11 hex digits of the SHA-1 of {@code NAMESPACE.POD}, 15 characters, the longest name Linux
   * allows an interface.
   */
  public static String vethNameForWorkload(String namespace, String pod) {
    return "cali" + Hashes.sha1Hex(namespace + "." + pod).substring(0, 11);
  }
}
