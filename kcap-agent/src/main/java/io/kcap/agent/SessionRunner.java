package io.kcap.agent;

/**
 * Starts capture sessions: the agent's one way into the capture engine, so that reconciling can be
 * tested without capturing.
 */
@FunctionalInterface
public interface SessionRunner {

  /**
   * Starts capturing as {@code spec} says, into {@code spec.activeFile()}, which does not exist
   * (the agent moves an earlier file aside first). Packets beyond {@code budget} are not written.
   *
   * @throws AgentException with a one-line reason when the session cannot start: the interface does
   *     not exist, the filter does not compile, permission is missing
   */
  RunningSession start(SessionSpec spec, CaptureBudget budget);
}
