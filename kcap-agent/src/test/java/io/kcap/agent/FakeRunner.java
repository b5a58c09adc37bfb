package io.kcap.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stands in for the capture engine: records what was started and stopped, writes a line into the
 * active file as a real session writes its header, and lets the test set counters, spend budgets
 * and end sessions.
 */
final class FakeRunner implements SessionRunner {
  final List<SessionSpec> started = new ArrayList<>();
  final List<SessionKey> stopped = new ArrayList<>();
  final Map<SessionKey, FakeSession> live = new LinkedHashMap<>();
  final Map<SessionKey, CaptureBudget> budgets = new LinkedHashMap<>();
  final Set<String> missingInterfaces = new HashSet<>();

  @Override
  public synchronized RunningSession start(SessionSpec spec, CaptureBudget budget) {
    if (missingInterfaces.contains(spec.key().interfaceName())) {
      throw new AgentException("interface " + spec.key().interfaceName() + " does not exist");
    }
    if (Files.exists(spec.activeFile())) {
      throw new AssertionError(spec.activeFile() + " exists: a session would truncate it");
    }
    try {
      Files.writeString(
          spec.activeFile(),
          "header of " + spec.key() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    started.add(spec);
    budgets.put(spec.key(), budget);
    FakeSession session = new FakeSession(spec.key());
    live.put(spec.key(), session);
    return session;
  }

  synchronized List<SessionKey> startedKeys() {
    return started.stream().map(SessionSpec::key).toList();
  }

  final class FakeSession implements RunningSession {
    private final SessionKey key;
    private volatile SessionStats stats = SessionStats.ZERO;
    private volatile SessionEnd end;

    FakeSession(SessionKey key) {
      this.key = key;
    }

    void count(SessionStats now) {
      stats = now;
    }

    void endBy(SessionEnd how) {
      stats = how.stats();
      end = how;
      synchronized (FakeRunner.this) {
        live.remove(key);
      }
    }

    @Override
    public SessionStats stats() {
      return stats;
    }

    @Override
    public Optional<SessionEnd> end() {
      return Optional.ofNullable(end);
    }

    @Override
    public SessionEnd stop() {
      if (end == null) {
        end = new SessionEnd.Stopped(stats);
        synchronized (FakeRunner.this) {
          live.remove(key);
          stopped.add(key);
        }
      }
      return end;
    }
  }
}
