package io.kcap.agent;

import io.kcap.api.CaptureLimits;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps each capture's progress towards its per-node limits for as long as its spec stays the same:
 * when it first captured on this node, and the budget all its sessions write from. A changed spec
 * starts over, as a new capture would.
 */
final class LimitTracker {
  private final Runnable onSpent;
  private final Map<CaptureKey, Tracked> tracked = new HashMap<>();

  /**
   * @param onSpent called, on a capturing thread, when a capture's budget is spent
   */
  LimitTracker(Runnable onSpent) {
    this.onSpent = Objects.requireNonNull(onSpent, "onSpent");
  }

  private static final class Tracked {
    final PacketCaptureSpec spec;
    final CaptureBudget budget;
    Instant capturingSince;

    Tracked(PacketCaptureSpec spec, CaptureBudget budget) {
      this.spec = spec;
      this.budget = budget;
    }
  }

  /** Forgets deleted captures and starts over for changed ones. */
  void sync(List<PacketCapture> captures) {
    Set<CaptureKey> present = captures.stream().map(CaptureKey::of).collect(Collectors.toSet());
    tracked.keySet().retainAll(present);
    for (PacketCapture capture : captures) {
      CaptureKey key = CaptureKey.of(capture);
      Tracked current = tracked.get(key);
      if (current == null || !current.spec.equals(capture.getSpec())) {
        tracked.put(key, new Tracked(capture.getSpec(), budgetOf(capture.getSpec())));
      }
    }
  }

  /** The budget the sessions of {@code capture} write from. */
  CaptureBudget budget(CaptureKey capture) {
    Tracked current = tracked.get(capture);
    return current == null ? CaptureBudget.unlimited() : current.budget;
  }

  /** Notes that {@code capture} captures on this node from {@code now}, if it did not already. */
  void capturing(CaptureKey capture, Instant now) {
    Tracked current = tracked.get(capture);
    if (current != null && current.capturingSince == null) {
      current.capturingSince = now;
    }
  }

  Map<CaptureKey, LimitProgress> progress() {
    Map<CaptureKey, LimitProgress> progress = new HashMap<>();
    tracked.forEach(
        (key, t) ->
            progress.put(
                key, new LimitProgress(Optional.ofNullable(t.capturingSince), t.budget.spent())));
    return progress;
  }

  private CaptureBudget budgetOf(PacketCaptureSpec spec) {
    Optional<CaptureLimits> limits = spec.limits();
    long packets = limits.flatMap(l -> boxed(l.maxPackets())).orElse(Long.MAX_VALUE);
    long bytes = limits.flatMap(l -> boxed(l.maxBytes())).orElse(Long.MAX_VALUE);
    if (packets < 1 || bytes < 1) {
      return CaptureBudget.unlimited(); // invalid limits: DesiredState reports the capture
    }
    return new CaptureBudget(packets, bytes, onSpent);
  }

  private static Optional<Long> boxed(java.util.OptionalLong value) {
    return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
  }
}
