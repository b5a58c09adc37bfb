package io.kcap.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Starts the standalone agent inside this process, for {@code kcap demo}: the agent captures the
 * endpoints of {@code <state>/inventory.yaml}, keeps captures in {@code <state>/captures} and
 * serves the API, writing its address to {@code <state>/api.address} once it serves.
 *
 * <p>The demo depends on this one call only, so tests can give it another agent.
 */
@FunctionalInterface
interface AgentLauncher {

  /** The agent while it runs; closing it stops capturing and serving. */
  interface RunningAgent extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Starts the agent of {@code stateDir} listening on {@code listen} (port 0: a free port) and
   * returns once it serves.
   */
  RunningAgent start(Path stateDir, InetSocketAddress listen) throws IOException;

  /** The standalone agent of {@code kcap agent --standalone}. */
  static AgentLauncher standalone() {
    return (stateDir, listen) -> {
      // The one call into the standalone agent; it lands with `kcap agent --standalone`.
      throw new CliException(
          "this build of kcap has no standalone agent yet (`kcap agent --standalone`); kcap demo"
              + " needs it to capture",
          69);
    };
  }
}
