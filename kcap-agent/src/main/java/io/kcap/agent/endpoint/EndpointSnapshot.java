package io.kcap.agent.endpoint;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The endpoints of a node at one moment. Within one {@link EndpointSource}, the version grows
 * whenever the endpoints change and stays the same while they do not; version 0 is the empty
 * snapshot before any endpoint was seen.
 */
public record EndpointSnapshot(long version, List<Endpoint> endpoints) {
  public static final EndpointSnapshot EMPTY = new EndpointSnapshot(0, List.of());

  public EndpointSnapshot {
    if (version < 0) {
      throw new IllegalArgumentException("version " + version + " is negative");
    }
    endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
  }

  /** The endpoint of pod {@code namespace/name}, if it is on this node. */
  public Optional<Endpoint> find(String namespace, String name) {
    return endpoints.stream()
        .filter(e -> e.namespace().equals(namespace) && e.name().equals(name))
        .findFirst();
  }
}
