/**
 * kcap's node agent: it captures the pods of its node that PacketCaptures select and reports each
 * capture's state on the node in its status.
 *
 * <p>Felix-style, each pass of {@link io.kcap.agent.NodeAgent} first learns the desired state, a
 * pure function of the captures, the node's endpoints ({@link io.kcap.agent.endpoint}) and the time
 * ({@code DesiredState}, using {@link io.kcap.agent.CaptureWindow}), then applies it ({@code
 * SessionManager}: one session per selected pod interface, through a {@link
 * io.kcap.agent.SessionRunner}), then writes this node's status entry ({@code StatusReporter}). A
 * pass with nothing new changes nothing. The standalone sandbox that makes endpoints out of network
 * namespaces lives in {@link io.kcap.agent.sandbox}.
 *
 * {@snippet :
 * NodeSettings settings = NodeSettings.standalone(Sandbox.localNode(), stateDir);
 * try (NodeAgent agent =
 *         NodeAgent.start(
 *             settings,
 *             FileCaptureStore.in(stateDir),
 *             new InventoryEndpointSource(Inventory.in(stateDir), settings.node()),
 *             runner,
 *             InstantSource.system());
 *     MetricsServer metrics = MetricsServer.start(address, agent.metrics()::exposition)) {
 *   // ... until the process is told to stop ...
 * }
 * }
 */
package io.kcap.agent;
