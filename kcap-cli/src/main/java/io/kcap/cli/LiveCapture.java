package io.kcap.cli;

import io.kcap.agent.LiveSessionRunner;
import io.kcap.agent.SessionRunner;
import java.time.InstantSource;

/** The capture engine the standalone agent runs: kcap's live capture. */
final class LiveCapture {
  private LiveCapture() {}

  static SessionRunner runner() {
    return new LiveSessionRunner(InstantSource.system());
  }
}
