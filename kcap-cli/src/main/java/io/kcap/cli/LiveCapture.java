package io.kcap.cli;

import io.kcap.agent.AgentException;
import io.kcap.agent.SessionRunner;

/**
 * The capture engine the standalone agent runs. Live capture (kcap-capture's {@code
 * CaptureSession}) is not in this build yet, so every session fails to start with that reason and
 * its capture shows {@code Error}.
 */
final class LiveCapture {
  private LiveCapture() {}

  static SessionRunner runner() {
    return (spec, budget) -> {
      throw new AgentException("live capture is not in this build of kcap yet");
    };
  }
}
