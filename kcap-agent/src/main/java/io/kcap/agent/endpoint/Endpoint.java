package io.kcap.agent.endpoint;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pod on this node as kcap captures it: who it is, the labels a PacketCapture's selector is
 * evaluated against, its addresses and the host-side interface its traffic crosses.
 *
 * <p>Every component is checked on construction; an invalid one fails with {@link
 * IllegalArgumentException} naming the endpoint and each offending value.
 *
 * @param namespace the pod's namespace, a DNS-1123 label
 * @param name the pod's name, a DNS-1123 subdomain
 * @param labels the pod's own labels (kept sorted by key)
 * @param ips the pod's IPv4 and IPv6 addresses, as literals
 * @param interfaceName the host-side interface, e.g. Calico's {@code cali…} veth
 * @param node the node the pod runs on
 * @param serviceAccount the pod's service account
 */
public record Endpoint(
    String namespace,
    String name,
    Map<String, String> labels,
    List<String> ips,
    String interfaceName,
    String node,
    String serviceAccount) {

  /** Calico's label holding the pod's namespace. */
  public static final String NAMESPACE_LABEL = "projectcalico.org/namespace";

  /** Calico's label holding the orchestrator, {@code k8s} for pods. */
  public static final String ORCHESTRATOR_LABEL = "projectcalico.org/orchestrator";

  /** Calico's label holding the pod's service account. */
  public static final String SERVICE_ACCOUNT_LABEL = "projectcalico.org/serviceaccount";

  /** The service account Kubernetes gives a pod that names none; standalone pods have it. */
  public static final String DEFAULT_SERVICE_ACCOUNT = "default";

  /** Linux's IFNAMSIZ less the terminating NUL. */
  private static final int INTERFACE_NAME_MAX = 15;

  public Endpoint {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(ips, "ips");
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    ips = List.copyOf(ips);
    List<String> problems = problems(namespace, name, labels, ips, interfaceName, node);
    KubernetesNames.checkServiceAccount(serviceAccount).ifPresent(problems::add);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "endpoint " + namespace + "/" + name + ": " + String.join("; ", problems));
    }
  }

  /** A pod with the {@linkplain #DEFAULT_SERVICE_ACCOUNT default} service account. */
  public Endpoint(
      String namespace,
      String name,
      Map<String, String> labels,
      List<String> ips,
      String interfaceName,
      String node) {
    this(namespace, name, labels, ips, interfaceName, node, DEFAULT_SERVICE_ACCOUNT);
  }

  /**
   * The labels a Calico selector in a PacketCapture is evaluated against: the pod's labels, then
   * the namespace, orchestrator and service account labels Calico adds to every workload endpoint
   * (they win over a pod label of the same key, as in libcalico-go's pod conversion).
   */
  public SortedMap<String, String> endpointLabels() {
    TreeMap<String, String> all = new TreeMap<>(labels);
    all.put(NAMESPACE_LABEL, namespace);
    all.put(ORCHESTRATOR_LABEL, "k8s");
    all.put(SERVICE_ACCOUNT_LABEL, serviceAccount);
    return Collections.unmodifiableSortedMap(all);
  }

  /** {@code NAMESPACE/NAME}, as kubectl names a pod. */
  public String qualifiedName() {
    return namespace + "/" + name;
  }

  private static List<String> problems(
      String namespace,
      String name,
      Map<String, String> labels,
      List<String> ips,
      String interfaceName,
      String node) {
    List<String> problems = new ArrayList<>();
    KubernetesNames.checkNamespace(namespace).ifPresent(problems::add);
    KubernetesNames.checkPodName(name).ifPresent(problems::add);
    labels.forEach(
        (key, value) -> {
          KubernetesNames.checkLabelKey(key).ifPresent(problems::add);
          KubernetesNames.checkLabelValue(value).ifPresent(problems::add);
        });
    for (String ip : ips) {
      checkIp(ip).ifPresent(problems::add);
    }
    checkInterfaceName(interfaceName).ifPresent(problems::add);
    if (node.isBlank()) {
      problems.add("node name is empty");
    }
    return problems;
  }

  static Optional<String> checkIp(String ip) {
    try {
      // ofLiteral never consults DNS, unlike getByName.
      InetAddress.ofLiteral(ip);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("IP " + KubernetesNames.quote(ip) + " is not an IP address");
    }
  }

  /** Linux's {@code dev_valid_name}: 1 to 15 bytes, not "." or "..", no '/', ':' or space. */
  static Optional<String> checkInterfaceName(String interfaceName) {
    int bytes = interfaceName.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > INTERFACE_NAME_MAX) {
      return Optional.of(
          "interface name "
              + KubernetesNames.quote(interfaceName)
              + " is "
              + bytes
              + " bytes long, not 1 to "
              + INTERFACE_NAME_MAX);
    }
    if (interfaceName.equals(".")
        || interfaceName.equals("..")
        || interfaceName.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
      return Optional.of(
          "interface name "
              + KubernetesNames.quote(interfaceName)
              + " is not a valid Linux interface name");
    }
    return Optional.empty();
  }
}
