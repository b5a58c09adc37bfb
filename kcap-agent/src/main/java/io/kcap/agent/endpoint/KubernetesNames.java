package io.kcap.agent.endpoint;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for object names and labels (apimachinery {@code validation.IsDNS1123Label},
 * {@code IsDNS1123Subdomain}, {@code IsQualifiedName}, {@code IsValidLabelValue}). Each check
 * returns what is wrong with the value, quoting it, or nothing when it is valid.
 */
public final class KubernetesNames {
  private static final int LABEL_MAX = 63;
  private static final int SUBDOMAIN_MAX = 253;
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private KubernetesNames() {}

  /** A namespace is a DNS-1123 label. */
  public static Optional<String> checkNamespace(String namespace) {
    return checkDnsLabel("namespace", namespace);
  }

  /** A pod name is a DNS-1123 subdomain. */
  public static Optional<String> checkPodName(String name) {
    return checkDnsSubdomain("name", name);
  }

  /** A service account name is a DNS-1123 subdomain. */
  public static Optional<String> checkServiceAccount(String name) {
    return checkDnsSubdomain("service account", name);
  }

  /** A label key is an optional DNS-1123 subdomain prefix and a slash, then a qualified name. */
  public static Optional<String> checkLabelKey(String key) {
    int slash = key.lastIndexOf('/');
    String name = key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty()) {
        return Optional.of("label key " + quote(key) + " has an empty prefix before '/'");
      }
      Optional<String> prefixProblem = checkDnsSubdomain("label key prefix", prefix);
      if (prefixProblem.isPresent()) {
        return prefixProblem;
      }
    }
    if (name.isEmpty()) {
      return Optional.of("label key " + quote(key) + " has an empty name");
    }
    if (name.length() > LABEL_MAX) {
      return Optional.of(
          "label key "
              + quote(key)
              + " has a name of "
              + name.length()
              + " characters, more than the limit of "
              + LABEL_MAX);
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      return Optional.of(
          "label key "
              + quote(key)
              + " must be letters, digits, '-', '_' or '.', starting and ending with a letter or"
              + " digit, after an optional DNS prefix and '/'");
    }
    return Optional.empty();
  }

  /** A label value is empty or a qualified name of at most 63 characters. */
  public static Optional<String> checkLabelValue(String value) {
    if (value.length() > LABEL_MAX) {
      return Optional.of(
          "label value "
              + quote(value)
              + " is "
              + value.length()
              + " characters long, more than the limit of "
              + LABEL_MAX);
    }
    if (!value.isEmpty() && !QUALIFIED_NAME.matcher(value).matches()) {
      return Optional.of(
          "label value "
              + quote(value)
              + " must be empty or letters, digits, '-', '_' or '.', starting and ending with a"
              + " letter or digit");
    }
    return Optional.empty();
  }

  private static Optional<String> checkDnsLabel(String what, String value) {
    if (value.length() > LABEL_MAX) {
      return Optional.of(tooLong(what, value, LABEL_MAX));
    }
    if (!DNS_LABEL.matcher(value).matches()) {
      return Optional.of(
          what
              + " "
              + quote(value)
              + " must be lowercase letters, digits or '-', starting and ending with a letter or"
              + " digit (a DNS-1123 label)");
    }
    return Optional.empty();
  }

  private static Optional<String> checkDnsSubdomain(String what, String value) {
    if (value.length() > SUBDOMAIN_MAX) {
      return Optional.of(tooLong(what, value, SUBDOMAIN_MAX));
    }
    if (!DNS_SUBDOMAIN.matcher(value).matches()) {
      return Optional.of(
          what
              + " "
              + quote(value)
              + " must be lowercase letters, digits, '-' or '.', starting and ending with a letter"
              + " or digit (a DNS-1123 subdomain)");
    }
    return Optional.empty();
  }

  private static String tooLong(String what, String value, int limit) {
    return what
        + " "
        + quote(value.substring(0, 20) + "…")
        + " is "
        + value.length()
        + " characters long, more than the limit of "
        + limit;
  }

  static String quote(String value) {
    return '"' + value + '"';
  }
}
