package io.kcap.agent;

import java.util.Objects;

/** How a session ended, with its final counters. */
public sealed interface SessionEnd {
  SessionStats stats();

  /** The agent stopped it; everything that reached the kernel's ring was written. */
  record Stopped(SessionStats stats) implements SessionEnd {}

  /** Its interface was deleted under it. */
  record InterfaceGone(SessionStats stats) implements SessionEnd {}

  /** It could not go on (the disk is full, say); the message says why in one line. */
  record Failed(String message, SessionStats stats) implements SessionEnd {
    public Failed {
      Objects.requireNonNull(message, "message");
    }
  }
}
