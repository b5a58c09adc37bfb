package io.kcap.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * Applies a {@link Plan}: starts the sessions it wants, stops the ones it no longer wants, and
 * restarts the ones whose spec changed. Applying the same plan again changes nothing.
 *
 * <p>A session that ends by itself (its interface vanished, its disk filled) or cannot start stays
 * an error of its capture and is tried again after {@code retryAfter}, or at once when its spec
 * changes.
 */
final class SessionManager {
  private static final Logger LOG = Logger.getLogger(SessionManager.class.getName());

  private final SessionRunner runner;
  private final InstantSource clock;
  private final Duration retryAfter;
  private final SortedMap<SessionKey, Running> running = new TreeMap<>();
  private final SortedMap<SessionKey, Ended> ended = new TreeMap<>();
  private final Map<CaptureKey, SessionStats> retired = new HashMap<>();
  private long forgottenWriteErrors;

  private record Running(SessionSpec spec, RunningSession session) {}

  private record Ended(SessionSpec spec, SessionEnd end, Instant at) {}

  SessionManager(SessionRunner runner, InstantSource clock, Duration retryAfter) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  synchronized void apply(Plan plan, LimitTracker limits) {
    Instant now = clock.instant();
    collectEnded(now);
    for (var entry : List.copyOf(running.entrySet())) {
      SessionSpec desired = plan.sessions().get(entry.getKey());
      if (!entry.getValue().spec().equals(desired)) {
        stop(entry.getKey());
      }
    }
    ended.entrySet().removeIf(e -> !e.getValue().spec().equals(plan.sessions().get(e.getKey())));
    for (SessionSpec spec : plan.sessions().values()) {
      Ended before = ended.get(spec.key());
      if (running.containsKey(spec.key())
          || (before != null && now.isBefore(before.at().plus(retryAfter)))) {
        continue;
      }
      ended.remove(spec.key());
      start(spec, limits, now);
    }
    for (var entry : List.copyOf(retired.entrySet())) {
      if (!plan.captures().containsKey(entry.getKey())) {
        forgottenWriteErrors += entry.getValue().writeErrors();
        retired.remove(entry.getKey());
      }
    }
  }

  /** Stops every session, all at once, each completing its file. */
  synchronized void stopAll() {
    try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
      Map<SessionKey, Future<SessionEnd>> ends = new HashMap<>();
      running.forEach((key, r) -> ends.put(key, stopping.submit(r.session()::stop)));
      ends.forEach(
          (key, end) -> {
            try {
              retire(key.capture(), end.get().stats());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
              LOG.warning("stopping " + key + " failed: " + e.getCause());
            }
          });
    }
    running.clear();
  }

  /** Counts what a capture wrote before this agent started, so that its status keeps growing. */
  synchronized void seed(CaptureKey capture, SessionStats earlier) {
    retired.putIfAbsent(capture, earlier);
  }

  /** Failed writes since the agent started, of captures deleted since too. */
  synchronized long writeErrors() {
    long total = forgottenWriteErrors;
    for (CaptureActivity activity : activity().values()) {
      total += activity.stats().writeErrors();
    }
    return total;
  }

  synchronized int runningCount() {
    return running.size();
  }

  /** What each capture's sessions are doing, for status and metrics. */
  synchronized SortedMap<CaptureKey, CaptureActivity> activity() {
    SortedMap<CaptureKey, Integer> counts = new TreeMap<>();
    SortedMap<CaptureKey, List<String>> errors = new TreeMap<>();
    SortedMap<CaptureKey, SessionStats> stats = new TreeMap<>(retired);
    running.forEach(
        (key, r) -> {
          counts.merge(key.capture(), 1, Integer::sum);
          stats.merge(key.capture(), r.session().stats(), SessionStats::plus);
        });
    ended.forEach(
        (key, e) ->
            errors
                .computeIfAbsent(key.capture(), k -> new ArrayList<>())
                .add(describe(key, e.end())));
    SortedMap<CaptureKey, CaptureActivity> activity = new TreeMap<>();
    TreeSet<CaptureKey> captures = new TreeSet<>(counts.keySet());
    captures.addAll(errors.keySet());
    captures.addAll(stats.keySet());
    for (CaptureKey capture : captures) {
      activity.put(
          capture,
          new CaptureActivity(
              counts.getOrDefault(capture, 0),
              errors.getOrDefault(capture, List.of()),
              stats.getOrDefault(capture, SessionStats.ZERO)));
    }
    return activity;
  }

  private void collectEnded(Instant now) {
    for (var entry : List.copyOf(running.entrySet())) {
      entry
          .getValue()
          .session()
          .end()
          .ifPresent(
              end -> {
                running.remove(entry.getKey());
                retire(entry.getKey().capture(), end.stats());
                ended.put(entry.getKey(), new Ended(entry.getValue().spec(), end, now));
                LOG.warning(describe(entry.getKey(), end));
              });
    }
  }

  private void stop(SessionKey key) {
    Running r = running.remove(key);
    SessionEnd end = r.session().stop();
    retire(key.capture(), end.stats());
    LOG.info("stopped capturing " + key + " into " + r.spec().activeFile());
  }

  private void start(SessionSpec spec, LimitTracker limits, Instant now) {
    SessionKey key = spec.key();
    try {
      Files.createDirectories(spec.activeFile().getParent());
      ActiveFiles.rotateAside(spec.activeFile(), clock);
      RunningSession session = runner.start(spec, limits.budget(key.capture()));
      running.put(key, new Running(spec, session));
      limits.capturing(key.capture(), now);
      LOG.info("capturing " + key + " into " + spec.activeFile());
    } catch (IOException e) {
      failed(spec, now, "cannot prepare " + spec.activeFile() + ": " + e.getMessage());
    } catch (AgentException e) {
      failed(spec, now, e.getMessage());
    } catch (RuntimeException e) {
      // A defect of the runner must not stop every other capture of the node.
      failed(spec, now, "capture failed to start: " + e);
    }
  }

  private void failed(SessionSpec spec, Instant now, String message) {
    SessionEnd end = new SessionEnd.Failed(message, SessionStats.ZERO);
    ended.put(spec.key(), new Ended(spec, end, now));
    LOG.warning(describe(spec.key(), end));
  }

  private void retire(CaptureKey capture, SessionStats stats) {
    retired.merge(capture, stats, SessionStats::plus);
  }

  private static String describe(SessionKey key, SessionEnd end) {
    String pod = key.capture().namespace() + "/" + key.pod();
    return switch (end) {
      case SessionEnd.InterfaceGone gone ->
          "interface " + key.interfaceName() + " of pod " + pod + " vanished";
      case SessionEnd.Failed(String message, SessionStats stats) ->
          "pod " + pod + " (" + key.interfaceName() + "): " + message;
      case SessionEnd.Stopped stopped -> "capture of pod " + pod + " stopped";
    };
  }
}
