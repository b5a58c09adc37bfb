package io.kcap.api.store;

import java.util.regex.Pattern;

/** Kubernetes name rules for the parts of a capture's file path: nothing else reaches the disk. */
final class StoreNames {
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern NAMESPACE = Pattern.compile(LABEL);
  private static final Pattern NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*");

  /** apimachinery's DNS1123LabelMaxLength and DNS1123SubdomainMaxLength. */
  private static final int MAX_NAMESPACE = 63;

  private static final int MAX_NAME = 253;

  private StoreNames() {}

  static boolean isNamespace(String value) {
    return value.length() <= MAX_NAMESPACE && NAMESPACE.matcher(value).matches();
  }

  static boolean isName(String value) {
    return value.length() <= MAX_NAME && NAME.matcher(value).matches();
  }

  static void checkNamespace(String value) {
    if (!isNamespace(value)) {
      throw new IllegalArgumentException(
          "namespace \"" + value + "\" is not an RFC 1123 label of at most 63 characters");
    }
  }

  static void checkName(String value) {
    if (!isName(value)) {
      throw new IllegalArgumentException(
          "name \"" + value + "\" is not an RFC 1123 subdomain of at most 253 characters");
    }
  }
}
