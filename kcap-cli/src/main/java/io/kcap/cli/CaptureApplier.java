package io.kcap.cli;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kcap.api.CaptureManifest;
import io.kcap.api.ExpressionChecks;
import io.kcap.api.ManifestException;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureManifests;
import io.kcap.api.PacketCaptureValidator;
import io.kcap.api.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code kcap apply} does, shared with {@code kcap demo} so that the demo's capture takes the
 * path a user's does: read the manifests (Calico's form converted), validate every document with
 * the checks of {@code kcap validate}, and only when all are valid send them one by one, printing
 * {@code packetcapture.kcap.io/NAME created|configured|unchanged} as kubectl does.
 */
final class CaptureApplier {
  /** The kind as kubectl prints it before an object's name. */
  static final String RESOURCE = "packetcapture." + PacketCapture.GROUP;

  /** A manifest's text and how to name it in messages. */
  record Source(String name, String text) {
    Source {
      Objects.requireNonNull(name);
      Objects.requireNonNull(text);
    }
  }

  private final PacketCaptureValidator validator;

  CaptureApplier(ExpressionChecks checks) {
    this.validator = new PacketCaptureValidator(checks);
  }

  /**
   * Reads and validates every document of {@code sources}; talks to no one, so a mistake is shown
   * before any agent is needed.
   *
   * @param namespace {@code -n}: the namespace of documents that name none, and the only one
   *     allowed; absent: documents without one go to {@code default}
   * @return the captures to send, namespaced and stripped to what a user applies (metadata name,
   *     namespace, labels, annotations; spec)
   * @throws CliException after printing every problem of every document on {@code err}
   */
  List<PacketCapture> prepare(List<Source> sources, Optional<String> namespace, PrintWriter err) {
    return readValid(sources, namespace, err);
  }

  /**
   * Sends {@code captures} one by one, skipping those the agent already has as they are.
   *
   * @return 0 when every capture was applied, 1 when the agent refused one
   */
  int send(List<PacketCapture> captures, StandaloneClient client, PrintWriter out, PrintWriter err)
      throws IOException {
    int exitCode = 0;
    for (PacketCapture capture : captures) {
      String name = capture.getMetadata().getName();
      String qualified = capture.getMetadata().getNamespace() + "/" + name;
      Optional<PacketCapture> existing = client.get(capture.getMetadata().getNamespace(), name);
      if (existing.isPresent() && sameDesiredState(existing.get(), capture)) {
        out.println(RESOURCE + "/" + name + " unchanged");
        continue;
      }
      switch (client.put(capture)) {
        case StandaloneClient.Stored.Created _ -> out.println(RESOURCE + "/" + name + " created");
        case StandaloneClient.Stored.Updated _ ->
            out.println(RESOURCE + "/" + name + " configured");
        case StandaloneClient.Stored.Rejected rejected -> {
          rejected.violations().forEach(line -> err.println(qualified + ": " + line));
          err.println("kcap: the agent refused packet capture " + qualified);
          exitCode = 1;
        }
      }
      out.flush();
    }
    out.flush();
    err.flush();
    return exitCode;
  }

  private List<PacketCapture> readValid(
      List<Source> sources, Optional<String> namespace, PrintWriter err) {
    List<PacketCapture> captures = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Source source : sources) {
      List<CaptureManifest> manifests;
      try {
        manifests = PacketCaptureManifests.read(source.text());
      } catch (ManifestException e) {
        problems.add(source.name() + ": " + e.getMessage());
        continue;
      }
      if (manifests.isEmpty()) {
        problems.add(source.name() + ": no PacketCapture in this file");
      }
      for (CaptureManifest manifest : manifests) {
        String prefix = source.name() + ": " + manifest.displayName() + ": ";
        List<Violation> violations = validator.validate(manifest);
        violations.forEach(violation -> problems.add(prefix + violation));
        if (!violations.isEmpty()) {
          continue;
        }
        ObjectMeta metadata = manifest.capture().getMetadata();
        String written = metadata.getNamespace();
        if (written != null && namespace.isPresent() && !written.equals(namespace.get())) {
          problems.add(
              prefix
                  + "the namespace of the manifest, \""
                  + written
                  + "\", is not the namespace -n names, \""
                  + namespace.get()
                  + "\"; pass -n "
                  + written
                  + " or leave the manifest's namespace out");
          continue;
        }
        String target =
            written != null ? written : namespace.orElse(CaptureManifest.DEFAULT_NAMESPACE);
        captures.add(sendable(manifest.capture(), target));
      }
    }
    if (!problems.isEmpty()) {
      problems.forEach(err::println);
      err.flush();
      throw new CliException(
          problems.size() == 1
              ? "1 problem; nothing was applied"
              : problems.size() + " problems; nothing was applied",
          1);
    }
    return captures;
  }

  private static PacketCapture sendable(PacketCapture read, String namespace) {
    ObjectMeta metadata = read.getMetadata();
    PacketCapture capture = new PacketCapture();
    capture.setMetadata(
        new ObjectMetaBuilder()
            .withName(metadata.getName())
            .withNamespace(namespace)
            .withLabels(nullIfEmpty(metadata.getLabels()))
            .withAnnotations(nullIfEmpty(metadata.getAnnotations()))
            .build());
    capture.setSpec(read.getSpec());
    return capture;
  }

  /** Whether the agent already has what {@code capture} asks for, so sending it changes nothing. */
  static boolean sameDesiredState(PacketCapture stored, PacketCapture capture) {
    return Objects.equals(stored.getSpec(), capture.getSpec())
        && emptyIfNull(stored.getMetadata().getLabels())
            .equals(emptyIfNull(capture.getMetadata().getLabels()))
        && emptyIfNull(stored.getMetadata().getAnnotations())
            .equals(emptyIfNull(capture.getMetadata().getAnnotations()));
  }

  // Absent rather than {}: the stored object reads as the manifest was written.
  private static Map<String, String> nullIfEmpty(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  private static Map<String, String> emptyIfNull(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
