package io.kcap.agent;

import io.kcap.api.CaptureFiles;
import io.kcap.api.CaptureState;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureStatus;
import io.kcap.api.store.CaptureStore;
import io.kcap.api.store.StatusUpdate;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Writes this node's entry of each capture's {@code status.files}, as Calico's agents do: at once
 * when its state, message or files change, and every {@code statusInterval} while only its counters
 * change. Entries of other nodes are left as they are; a write that loses a race is merged into the
 * newer object and tried again.
 */
final class StatusReporter {
  private static final Logger LOG = Logger.getLogger(StatusReporter.class.getName());
  private static final int ATTEMPTS = 5;

  private final CaptureStore store;
  private final NodeSettings settings;
  private final InstantSource clock;
  private final Map<CaptureKey, Written> written = new HashMap<>();
  private Optional<Instant> nextRefresh = Optional.empty();

  private record Written(CaptureFiles entry, Instant at) {}

  StatusReporter(CaptureStore store, NodeSettings settings, InstantSource clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param captures the captures the plan was made from
   * @param refreshCounters write changed counters even if the last write is recent
   */
  void report(
      Plan plan,
      Map<CaptureKey, CaptureActivity> activity,
      Map<CaptureKey, PacketCapture> captures,
      boolean refreshCounters) {
    written.keySet().retainAll(plan.captures().keySet());
    nextRefresh = Optional.empty();
    Instant now = clock.instant();
    for (Plan.CapturePlan capturePlan : plan.captures().values()) {
      PacketCapture capture = captures.get(capturePlan.key());
      if (capture == null) {
        continue;
      }
      CaptureFiles entry =
          entry(capturePlan, activity.getOrDefault(capturePlan.key(), CaptureActivity.NONE));
      Written last = written.get(capturePlan.key());
      if (last == null) {
        Optional<CaptureFiles> stored = ownEntry(capture);
        if (stored.isPresent() && stored.get().equals(entry)) {
          written.put(capturePlan.key(), new Written(entry, now));
          continue;
        }
      } else if (last.entry().equals(entry)) {
        continue;
      } else if (sameState(last.entry(), entry) && !refreshCounters) {
        Instant due = last.at().plus(settings.statusInterval());
        if (now.isBefore(due)) {
          nextRefresh = Optional.of(nextRefresh.filter(n -> n.isBefore(due)).orElse(due));
          continue;
        }
      }
      write(capture, entry, now);
    }
  }

  /** When counters that changed since the last write are due to be written, if any are. */
  Optional<Instant> nextRefresh() {
    return nextRefresh;
  }

  /** This node's entry in the status the store holds. */
  Optional<CaptureFiles> ownEntry(PacketCapture capture) {
    PacketCaptureStatus status = capture.getStatus();
    if (status == null) {
      return Optional.empty();
    }
    return status.files().stream().filter(f -> f.node().equals(settings.node())).findFirst();
  }

  /** This node's entry for a capture. */
  CaptureFiles entry(Plan.CapturePlan plan, CaptureActivity activity) {
    Path directory = settings.directoryOf(plan.key().namespace(), plan.key().name());
    CaptureState state;
    String message = plan.message();
    switch (plan.phase()) {
      case SCHEDULED -> state = CaptureState.SCHEDULED;
      case FINISHED -> state = CaptureState.FINISHED;
      case INVALID -> state = CaptureState.ERROR;
      case ACTIVE -> {
        if (!activity.errors().isEmpty()) {
          state = CaptureState.ERROR;
          message = String.join("; ", activity.errors());
        } else if (activity.running() > 0) {
          state = CaptureState.CAPTURING;
        } else {
          state = CaptureState.WAITING_FOR_TRAFFIC;
          message = "no pod on this node matches the selector";
        }
      }
      default -> throw new IllegalStateException("unknown phase " + plan.phase());
    }
    SessionStats stats = activity.stats();
    return new CaptureFiles(
        settings.node(),
        directory.toString(),
        fileNames(directory),
        state,
        stats.packets(),
        stats.bytes(),
        stats.drops(),
        message);
  }

  private static boolean sameState(CaptureFiles a, CaptureFiles b) {
    return a.node().equals(b.node())
        && a.directory().equals(b.directory())
        && a.fileNames().equals(b.fileNames())
        && a.state().equals(b.state())
        && a.message().equals(b.message());
  }

  private void write(PacketCapture capture, CaptureFiles entry, Instant now) {
    CaptureKey key = CaptureKey.of(capture);
    PacketCapture current = capture;
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        StatusUpdate update =
            store.updateStatus(
                key.namespace(),
                key.name(),
                current.getMetadata().getResourceVersion(),
                merged(current.getStatus(), entry));
        switch (update) {
          case StatusUpdate.Updated updated -> {
            written.put(key, new Written(entry, now));
            return;
          }
          case StatusUpdate.Conflict conflict -> current = conflict.current();
          case StatusUpdate.NotFound notFound -> {
            written.remove(key);
            return;
          }
        }
      }
      LOG.warning("status of " + key + " kept changing under this agent; will try again");
    } catch (IOException e) {
      LOG.warning("cannot write the status of " + key + ": " + e.getMessage());
    }
  }

  /** {@code status} with this node's entry replaced by {@code entry}; other nodes untouched. */
  private PacketCaptureStatus merged(PacketCaptureStatus status, CaptureFiles entry) {
    List<CaptureFiles> files = new ArrayList<>();
    if (status != null) {
      status.files().stream().filter(f -> !f.node().equals(settings.node())).forEach(files::add);
    }
    files.add(entry);
    files.sort(Comparator.comparing(CaptureFiles::node));
    return new PacketCaptureStatus(files);
  }

  /** The files of a capture on this node, active and rotated, as they are on disk now. */
  private static List<String> fileNames(Path directory) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!name.startsWith(".") && Files.isRegularFile(file)) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      LOG.warning("cannot list " + directory + ": " + e.getMessage());
    }
    return names;
  }
}
