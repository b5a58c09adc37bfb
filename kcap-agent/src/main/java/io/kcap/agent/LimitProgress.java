package io.kcap.agent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a capture has gone on this node towards its limits: when it first captured here (for
 * {@code maxDuration}) and whether its packet or byte budget is spent.
 */
record LimitProgress(Optional<Instant> capturingSince, Optional<String> budgetSpent) {
  static final LimitProgress NONE = new LimitProgress(Optional.empty(), Optional.empty());

  LimitProgress {
    Objects.requireNonNull(capturingSince, "capturingSince");
    Objects.requireNonNull(budgetSpent, "budgetSpent");
  }
}
