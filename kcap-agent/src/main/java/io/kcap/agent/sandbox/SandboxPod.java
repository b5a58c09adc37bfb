package io.kcap.agent.sandbox;

import io.kcap.agent.endpoint.Endpoint;
import java.util.List;
import java.util.Objects;

/**
 * A pod the sandbox made: its spec, its address, the host-side {@code cali…} interface and the
 * network namespace behind it.
 */
public record SandboxPod(PodSpec spec, String ip, String interfaceName, String netns) {
  public SandboxPod {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(netns, "netns");
  }

  public String namespace() {
    return spec.namespace();
  }

  public String name() {
    return spec.name();
  }

  public String qualifiedName() {
    return spec.qualifiedName();
  }

  /** The endpoint the agent captures for this pod on {@code node}. */
  public Endpoint endpoint(String node) {
    return new Endpoint(
        spec.namespace(),
        spec.name(),
        spec.labels(),
        List.of(ip),
        interfaceName,
        node,
        spec.serviceAccount());
  }
}
