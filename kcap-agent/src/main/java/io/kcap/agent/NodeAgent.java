package io.kcap.agent;

import io.kcap.agent.endpoint.EndpointSource;
import io.kcap.api.store.CaptureStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node agent: captures the pods of this node that PacketCaptures select, into rotated files,
 * and reports each capture's state on this node in its status.
 *
 * <p>One platform thread reconciles: at once when a capture is written through the store, when a
 * capture's start or end time (or duration limit) comes, when a capture's packet budget is spent,
 * and otherwise every second, which is also how it notices new endpoints and changes made by other
 * processes.
 *
 * {@snippet :
 * try (NodeAgent agent =
 *     NodeAgent.start(settings, FileCaptureStore.in(stateDir), endpoints, runner, InstantSource.system())) {
 *   // ... capture until interrupted ...
 * } // stops every session: files complete, final counters in the status
 * }
 */
public final class NodeAgent implements AutoCloseable {
  /** How often the agent looks for changes nobody told it about. */
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  /** How long a session that failed waits before it is tried again. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  private static final Logger LOG = Logger.getLogger(NodeAgent.class.getName());

  private final Reconciler reconciler;
  private final Wakeup wakeup;
  private final CaptureStore.Subscription subscription;
  private final InstantSource clock;
  private final Thread thread;
  private final AgentMetrics metrics;
  private boolean closed;

  private NodeAgent(
      Reconciler reconciler,
      Wakeup wakeup,
      CaptureStore.Subscription subscription,
      InstantSource clock) {
    this.reconciler = reconciler;
    this.wakeup = wakeup;
    this.subscription = subscription;
    this.clock = clock;
    this.metrics = new AgentMetrics(reconciler.sessions());
    this.thread = Thread.ofPlatform().name("kcap-agent").unstarted(this::run);
  }

  /** Starts reconciling at once; the first pass runs before this returns. */
  public static NodeAgent start(
      NodeSettings settings,
      CaptureStore store,
      EndpointSource endpoints,
      SessionRunner runner,
      InstantSource clock) {
    Wakeup wakeup = new Wakeup();
    SessionManager sessions = new SessionManager(runner, clock, RETRY_AFTER);
    Reconciler reconciler =
        new Reconciler(settings, store, endpoints, sessions, clock, wakeup::signal);
    CaptureStore.Subscription subscription = store.onChange(wakeup::signal);
    NodeAgent agent = new NodeAgent(reconciler, wakeup, subscription, clock);
    agent.thread.start();
    return agent;
  }

  /** The agent's Prometheus metrics. */
  public AgentMetrics metrics() {
    return metrics;
  }

  private void run() {
    try {
      while (true) {
        Optional<Instant> next = Optional.empty();
        try {
          next = reconciler.reconcile();
        } catch (RuntimeException e) {
          LOG.log(Level.SEVERE, "reconciling failed; trying again", e);
        }
        Duration wait = POLL_INTERVAL;
        if (next.isPresent()) {
          Duration untilChange = Duration.between(clock.instant(), next.get());
          if (untilChange.compareTo(wait) < 0) {
            wait = untilChange;
          }
        }
        wakeup.await(wait);
      }
    } catch (InterruptedException e) {
      // close() asked the loop to end.
    }
  }

  /**
   * Stops reconciling, then stops every session so that every file is complete, and writes the
   * final counters into the status. Safe to call twice.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscription.close();
    // Interrupted only between passes, so that no file or status write of a pass is cut short.
    reconciler.interruptBetweenPasses(thread);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    reconciler.shutdown();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
