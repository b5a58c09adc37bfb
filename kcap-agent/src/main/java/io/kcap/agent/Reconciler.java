package io.kcap.agent;

import io.kcap.agent.endpoint.EndpointSnapshot;
import io.kcap.agent.endpoint.EndpointSource;
import io.kcap.api.PacketCapture;
import io.kcap.api.store.CaptureStore;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * One pass of the agent, felix-style: read what changed, learn the desired state ({@link
 * DesiredState}), apply it ({@link SessionManager}), report it ({@link StatusReporter}). A pass
 * with nothing new changes nothing.
 */
final class Reconciler {
  private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

  private final NodeSettings settings;
  private final CaptureStore store;
  private final EndpointSource endpoints;
  private final InstantSource clock;
  private final LimitTracker limits;
  private final SessionManager sessions;
  private final StatusReporter reporter;
  private final Set<CaptureKey> seen = new HashSet<>();
  private long storeVersion = -1;
  private List<PacketCapture> captures = List.of();
  private EndpointSnapshot endpointSnapshot = EndpointSnapshot.EMPTY;
  private Plan plan = Plan.EMPTY;

  Reconciler(
      NodeSettings settings,
      CaptureStore store,
      EndpointSource endpoints,
      SessionManager sessions,
      InstantSource clock,
      Runnable wakeup) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.store = Objects.requireNonNull(store, "store");
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = new LimitTracker(wakeup);
    this.reporter = new StatusReporter(store, settings, clock);
  }

  /**
   * Brings the node in line with the captures; returns when the next pass is due by itself: a
   * capture's phase changes, or changed counters are due in its status.
   */
  synchronized Optional<Instant> reconcile() {
    if (Thread.currentThread().isInterrupted()) {
      return Optional.empty(); // closing: the caller's wait ends at once
    }
    refreshCaptures();
    refreshEndpoints();
    limits.sync(captures);
    seedCounters();
    plan =
        DesiredState.compute(
            captures, endpointSnapshot.endpoints(), clock.instant(), settings, limits.progress());
    sessions.apply(plan, limits);
    reporter.report(plan, sessions.activity(), byKey(), false);
    Optional<Instant> refresh = reporter.nextRefresh();
    Optional<Instant> change = plan.nextChange();
    if (refresh.isPresent() && (change.isEmpty() || refresh.get().isBefore(change.get()))) {
      return refresh;
    }
    return change;
  }

  /** Interrupts {@code loop}, the thread calling {@link #reconcile}, while no pass runs. */
  synchronized void interruptBetweenPasses(Thread loop) {
    loop.interrupt();
  }

  /** Stops every session (files complete) and reports the final counters. */
  synchronized void shutdown() {
    sessions.stopAll();
    reporter.report(plan, sessions.activity(), byKey(), true);
  }

  SessionManager sessions() {
    return sessions;
  }

  private void refreshCaptures() {
    try {
      long version = store.version();
      if (version != storeVersion) {
        captures = store.list();
        storeVersion = version;
      }
    } catch (IOException e) {
      LOG.warning("cannot read the captures, keeping the last ones read: " + e.getMessage());
    }
  }

  private void refreshEndpoints() {
    try {
      endpointSnapshot = endpoints.snapshot();
    } catch (AgentException e) {
      LOG.warning("cannot read the endpoints, keeping the last ones read: " + e.getMessage());
    }
  }

  /** Counters a capture's status already shows for this node carry over into this run. */
  private void seedCounters() {
    Set<CaptureKey> present = new HashSet<>();
    for (PacketCapture capture : captures) {
      CaptureKey key = CaptureKey.of(capture);
      present.add(key);
      if (seen.add(key)) {
        reporter
            .ownEntry(capture)
            .ifPresent(
                entry ->
                    sessions.seed(
                        key, new SessionStats(entry.packets(), entry.bytes(), entry.drops(), 0)));
      }
    }
    seen.retainAll(present);
  }

  private Map<CaptureKey, PacketCapture> byKey() {
    Map<CaptureKey, PacketCapture> map = new TreeMap<>();
    captures.forEach(c -> map.put(CaptureKey.of(c), c));
    return map;
  }
}
