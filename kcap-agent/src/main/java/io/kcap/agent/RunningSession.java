package io.kcap.agent;

import java.util.Optional;

/** A session a {@link SessionRunner} started. */
public interface RunningSession {

  /** The counters so far; safe to call from any thread. */
  SessionStats stats();

  /** How the session ended, once it has ended by itself or been stopped. */
  Optional<SessionEnd> end();

  /**
   * Stops the session and waits until its file is complete. Calling it again returns the same end.
   */
  SessionEnd stop();
}
