package io.kcap.agent.sandbox;

import io.kcap.agent.endpoint.Endpoint;
import io.kcap.agent.endpoint.KubernetesNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A pod the sandbox is asked to make: an entry of a pods file.
 *
 * @param namespace a DNS-1123 label
 * @param name a DNS-1123 subdomain
 * @param labels Kubernetes labels, kept sorted by key
 * @param serviceAccount the pod's service account, {@code default} unless the file names one
 */
public record PodSpec(
    String namespace, String name, Map<String, String> labels, String serviceAccount) {

  public PodSpec {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(labels)));
    List<String> problems = problems(namespace, name, labels, serviceAccount);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  public PodSpec(String namespace, String name, Map<String, String> labels) {
    this(namespace, name, labels, Endpoint.DEFAULT_SERVICE_ACCOUNT);
  }

  /** Every way the fields break Kubernetes' rules, empty when they do not. */
  static List<String> problems(
      String namespace, String name, Map<String, String> labels, String serviceAccount) {
    List<String> problems = new ArrayList<>();
    KubernetesNames.checkNamespace(namespace).ifPresent(problems::add);
    KubernetesNames.checkPodName(name).ifPresent(problems::add);
    labels.forEach(
        (key, value) -> {
          KubernetesNames.checkLabelKey(key).ifPresent(problems::add);
          KubernetesNames.checkLabelValue(value).ifPresent(problems::add);
        });
    KubernetesNames.checkServiceAccount(serviceAccount).ifPresent(problems::add);
    return problems;
  }

  /** {@code NAMESPACE/NAME}. */
  public String qualifiedName() {
    return namespace + "/" + name;
  }
}
