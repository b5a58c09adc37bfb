package io.kcap.agent;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the agent's loop early: signals coalesce, so a burst of changes costs one pass. */
final class Wakeup {
  private final Semaphore permits = new Semaphore(0);

  void signal() {
    if (permits.availablePermits() == 0) {
      permits.release();
    }
  }

  /** Waits for a signal or for {@code timeout}; interruption ends the wait by throwing. */
  void await(Duration timeout) throws InterruptedException {
    if (permits.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
      permits.drainPermits();
    }
  }
}
