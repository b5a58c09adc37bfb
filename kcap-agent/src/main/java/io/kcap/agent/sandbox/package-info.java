/**
 * {@code kcap sandbox}: standalone "pods" made of network namespaces, wired to the host as Calico
 * wires pods (a {@code cali…} veth, a /32 route, proxy ARP for 169.254.1.1), so that the whole of
 * kcap runs on one machine.
 *
 * <p>{@link io.kcap.agent.sandbox.SandboxPlan} decides the {@code ip} and {@code sysctl} commands
 * without touching the host; {@link io.kcap.agent.sandbox.Sandbox} runs them through a {@link
 * io.kcap.agent.sandbox.CommandRunner}, undoes them on failure, and records the result:
 *
 * {@snippet :
 * Sandbox sandbox = new Sandbox(stateDir, CommandRunner.system(), Sandbox.localNode());
 * SandboxState state = sandbox.up(PodsFile.read(Path.of("pods.yaml")), Sandbox.DEFAULT_CIDR);
 * List<String> ping = Sandbox.execCommand(state.pods().getFirst(), List.of("ping", "-c1", ip));
 * sandbox.down();
 * }
 */
package io.kcap.agent.sandbox;
