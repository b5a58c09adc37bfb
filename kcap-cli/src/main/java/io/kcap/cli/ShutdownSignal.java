package io.kcap.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a foreground command learns it should stop: SIGINT or SIGTERM in the real process, a latch in
 * tests.
 */
interface ShutdownSignal {

  /** Blocks until the process is asked to stop. */
  void await() throws InterruptedException;

  /** The command has cleaned up; the process may end with {@code exitCode}. */
  void finished(int exitCode);

  /** SIGINT and SIGTERM, through the JVM's shutdown hooks. */
  static ShutdownSignal ofJvm() {
    return new Jvm();
  }

  /**
   * A signal starts the JVM's shutdown; the hook lets the command clean up, then ends the process
   * with the command's exit code (0 after a clean stop) instead of the signal's 130 or 143.
   */
  final class Jvm implements ShutdownSignal {
    /** Stopping every session takes well under this; a stuck stop must not hang the process. */
    private static final long CLEANUP_SECONDS = 60;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private volatile int exitCode = 1;

    @Override
    public void await() throws InterruptedException {
      Runtime.getRuntime()
          .addShutdownHook(
              Thread.ofPlatform()
                  .name("kcap-shutdown")
                  .unstarted(
                      () -> {
                        requested.countDown();
                        try {
                          cleanedUp.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        Runtime.getRuntime().halt(exitCode);
                      }));
      requested.await();
    }

    @Override
    public void finished(int code) {
      exitCode = code;
      cleanedUp.countDown();
    }
  }
}
