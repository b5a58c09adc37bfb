package io.kcap.api;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads and writes PacketCapture manifests: multi-document YAML (or JSON), {@code kcap.io/v1} or
 * Calico's {@code projectcalico.org/v3}, which is read as the same capture in {@code kcap.io/v1}.
 *
 * {@snippet :
 * List<CaptureManifest> manifests = PacketCaptureManifests.read(reader); // ManifestException: not YAML
 * for (CaptureManifest manifest : manifests) {
 *   List<Violation> violations = validator.validate(manifest); // empty: apply manifest.capture()
 * }
 * }
 */
public final class PacketCaptureManifests {
  private PacketCaptureManifests() {}

  /**
   * Every non-empty document of {@code yaml}, in order. Problems inside a document are its
   * {@linkplain CaptureManifest#violations() violations}; only text that is not YAML throws.
   *
   * @throws ManifestException with the line and column where the YAML parser gave up
   * @throws IOException if {@code yaml} cannot be read
   */
  public static List<CaptureManifest> read(Reader yaml) throws IOException {
    // YAML 1.2 core schema: `on`/`yes` stay strings, and the times of startTime stay text.
    LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).build();
    List<CaptureManifest> manifests = new ArrayList<>();
    try {
      for (Node document : new Compose(settings).composeAllFromReader(yaml)) {
        if (document.getTag().equals(Tag.NULL)) {
          continue; // an empty document, as between two `---`
        }
        manifests.add(new ManifestDecoder().decode(manifests.size() + 1, document));
      }
    } catch (MarkedYamlEngineException e) {
      var mark = e.getProblemMark().or(e::getContextMark);
      throw new ManifestException(
          mark.map(m -> m.getLine() + 1).orElse(0),
          mark.map(m -> m.getColumn() + 1).orElse(0),
          e.getProblem() == null ? e.getContext() : e.getProblem());
    } catch (YamlEngineException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new ManifestException(0, 0, e.getMessage().lines().findFirst().orElse("not YAML"));
    }
    return List.copyOf(manifests);
  }

  /** {@link #read(Reader)} of a string. */
  public static List<CaptureManifest> read(String yaml) throws ManifestException {
    try {
      return read(new StringReader(yaml));
    } catch (ManifestException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
  }

  /** {@code capture} as a {@code kcap.io/v1} YAML document, as kubectl would print it. */
  public static String toYaml(PacketCapture capture) {
    return new KubernetesSerialization().asYaml(capture);
  }
}
