package io.kcap.agent;

import io.kcap.agent.endpoint.Endpoint;
import io.kcap.api.CaptureFormat;
import io.kcap.api.CaptureLimits;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureSpec;
import io.kcap.selector.Selector;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Learns what this node should capture, as a pure function of the captures, the node's endpoints,
 * the time and how far each capture has gone towards its limits. Nothing here touches the network
 * or the disk: {@link SessionManager} applies the result.
 *
 * <p>The rules, Calico's:
 *
 * <ul>
 *   <li>a capture selects the endpoints on this node in its own namespace whose endpoint labels its
 *       selector matches (an empty selector is {@code all()});
 *   <li>it captures while its window ({@link CaptureWindow}) is active: from its start time (or at
 *       once), until its end time (or until deleted); a time moved later or earlier takes effect at
 *       once;
 *   <li>kcap's limits end it early on this node: {@code maxDuration} after it first captured here,
 *       or once its packet or byte budget is spent.
 * </ul>
 */
final class DesiredState {
  private DesiredState() {}

  static Plan compute(
      List<PacketCapture> captures,
      List<Endpoint> endpoints,
      Instant now,
      NodeSettings settings,
      Map<CaptureKey, LimitProgress> progress) {
    List<Endpoint> local =
        endpoints.stream()
            .filter(e -> e.node().equals(settings.node()))
            .sorted(Comparator.comparing(Endpoint::namespace).thenComparing(Endpoint::name))
            .toList();
    TreeMap<SessionKey, SessionSpec> sessions = new TreeMap<>();
    TreeMap<CaptureKey, Plan.CapturePlan> plans = new TreeMap<>();
    Optional<Instant> nextChange = Optional.empty();
    for (PacketCapture capture : captures) {
      CaptureKey key = CaptureKey.of(capture);
      Learned learned;
      try {
        learned = learn(capture.getSpec());
      } catch (IllegalArgumentException | IllegalStateException e) {
        plans.put(key, new Plan.CapturePlan(key, Plan.Phase.INVALID, e.getMessage(), List.of()));
        continue;
      }
      LimitProgress limits = progress.getOrDefault(key, LimitProgress.NONE);
      Plan.Phase phase =
          switch (learned.window().phaseAt(now)) {
            case SCHEDULED -> Plan.Phase.SCHEDULED;
            case ACTIVE -> Plan.Phase.ACTIVE;
            case FINISHED -> Plan.Phase.FINISHED;
          };
      Optional<Instant> change = learned.window().nextChangeAfter(now);
      String message = "";
      if (phase == Plan.Phase.ACTIVE && limits.budgetSpent().isPresent()) {
        phase = Plan.Phase.FINISHED;
        message = limits.budgetSpent().get() + " on this node";
        change = Optional.empty();
      } else if (phase == Plan.Phase.ACTIVE
          && learned.maxDuration().isPresent()
          && limits.capturingSince().isPresent()) {
        Instant limitEnd = limits.capturingSince().get().plus(learned.maxDuration().get());
        if (!now.isBefore(limitEnd)) {
          phase = Plan.Phase.FINISHED;
          message = "maxDuration " + learned.maxDurationText() + " reached on this node";
          change = Optional.empty();
        } else {
          change = earliest(change, Optional.of(limitEnd));
        }
      }
      nextChange = earliest(nextChange, change);
      List<SessionKey> selected = new ArrayList<>();
      if (phase == Plan.Phase.ACTIVE) {
        for (Endpoint endpoint : local) {
          if (endpoint.namespace().equals(key.namespace())
              && learned.selector().matches(endpoint.endpointLabels())) {
            SessionSpec spec = sessionSpec(key, endpoint, learned, settings);
            sessions.put(spec.key(), spec);
            selected.add(spec.key());
          }
        }
      }
      plans.put(key, new Plan.CapturePlan(key, phase, message, selected));
    }
    return new Plan(sessions, plans, nextChange);
  }

  /** What a spec says, read once per capture; throws when it was not validated. */
  private record Learned(
      CaptureWindow window,
      Selector selector,
      TrafficSelection traffic,
      Optional<Integer> snapLength,
      CaptureFormat format,
      Optional<Duration> maxDuration,
      String maxDurationText) {}

  private static Learned learn(PacketCaptureSpec spec) {
    CaptureWindow window = new CaptureWindow(spec.start(), spec.end());
    String selectorText = spec.selector().orElse("");
    Selector selector;
    try {
      selector = Selector.parse(selectorText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "selector \"" + selectorText + "\" does not parse: " + e.getMessage(), e);
    }
    TrafficSelection traffic = TrafficSelection.of(spec);
    Optional<CaptureLimits> limits = spec.limits();
    return new Learned(
        window,
        selector,
        traffic,
        spec.snapLength().isPresent()
            ? Optional.of(spec.snapLength().getAsInt())
            : Optional.empty(),
        spec.format().orElse(CaptureFormat.PCAP),
        limits.flatMap(CaptureLimits::maxDuration),
        limits.flatMap(CaptureLimits::maxDurationText).orElse(""));
  }

  private static SessionSpec sessionSpec(
      CaptureKey key, Endpoint endpoint, Learned learned, NodeSettings settings) {
    Path file =
        settings
            .directoryOf(key.namespace(), key.name())
            .resolve(
                SessionSpec.fileName(endpoint.name(), endpoint.interfaceName(), learned.format()));
    return new SessionSpec(
        new SessionKey(key, endpoint.name(), endpoint.interfaceName()),
        file,
        learned.traffic(),
        learned.snapLength().orElse(settings.defaultSnapLength()),
        learned.format(),
        FileRotation.of(settings),
        settings.ringBytes());
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
  }
}
