package io.kcap.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

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

  /**
   * The standalone agent of {@code kcap agent --standalone}, its metrics on a free port of the same
   * address so that a demo never collides with an agent already running.
   */
  static AgentLauncher standalone() {
    return (stateDir, listen) -> {
      // The demo narrates sessions itself; the agent's own log keeps to warnings meanwhile. The
      // running agent holds the logger, which java.util.logging keeps only weakly. (Not a constant
      // of this interface: every kcap command builds a launcher, and setting up java.util.logging
      // took 30 ms of their start-up.)
      Logger log = Logger.getLogger("io.kcap");
      Level before = log.getLevel();
      log.setLevel(Level.WARNING);
      StandaloneAgent agent =
          StandaloneAgent.start(
              StandaloneAgent.Config.defaults(stateDir)
                  .withListen(listen)
                  .withMetricsListen(new InetSocketAddress(listen.getAddress(), 0)));
      return () -> {
        agent.close();
        log.setLevel(before);
      };
    };
  }
}
