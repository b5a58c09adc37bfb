/**
 * The endpoints on a node that captures select: a pod's identity, its Calico endpoint labels, its
 * addresses and its host-side interface ({@link io.kcap.agent.endpoint.Endpoint}), and where the
 * agent learns them ({@link io.kcap.agent.endpoint.EndpointSource}).
 *
 * <p>A standalone node lists its endpoints in an {@link io.kcap.agent.endpoint.Inventory} file in
 * the state directory, which {@code kcap sandbox up} writes:
 *
 * {@snippet :
 * EndpointSource source = new InventoryEndpointSource(Inventory.in(stateDir), Sandbox.localNode());
 * EndpointSnapshot seen = source.snapshot();
 * for (Endpoint endpoint : seen.endpoints()) {
 *   boolean selected = selector.matches(endpoint.endpointLabels()); // kcap-selector
 * }
 * // later: source.snapshot().version() != seen.version() when endpoints came or went
 * }
 */
package io.kcap.agent.endpoint;
