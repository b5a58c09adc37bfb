package io.kcap.server;

import java.util.regex.Pattern;

/**
 * Kubernetes object-name rules for the names in request paths. A path segment that breaks them (an
 * encoded slash, {@code ..}) never reaches the filesystem.
 */
final class ObjectNames {
  /** RFC 1123 label: namespaces. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** RFC 1123 subdomain: most object names, PacketCapture's included. */
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private ObjectNames() {}

  static boolean isNamespace(String value) {
    return LABEL.matcher(value).matches();
  }

  static boolean isObjectName(String value) {
    return value.length() <= 253 && SUBDOMAIN.matcher(value).matches();
  }
}
