package io.kcap.agent.endpoint;

/**
 * Where the agent learns which endpoints are on its node: the standalone inventory file today,
 * Kubernetes pods later. The agent asks for a snapshot on every reconcile and compares versions to
 * know whether anything changed.
 */
public interface EndpointSource {

  /**
   * The endpoints on this node now. Cheap when nothing changed, so it may be called often.
   *
   * @throws io.kcap.agent.AgentException when the endpoints cannot be read (a malformed inventory,
   *     say); a later call tries again
   */
  EndpointSnapshot snapshot();
}
