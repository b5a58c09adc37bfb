package io.kcap.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds {@code shared/selector/calico-vectors.json}, which lives beside the repository (CI) or
 * beside a directory of worktrees. Not finding it is a failure, never a skip: the vectors are the
 * contract with Calico.
 */
public final class SharedFiles {
  private static final Path VECTORS = Path.of("selector", "calico-vectors.json");

  private SharedFiles() {}

  public static Path calicoVectors() {
    List<Path> tried = new ArrayList<>();
    String property = System.getProperty("kcap.shared.dir", "");
    if (!property.isBlank()) {
      Path candidate = Path.of(property).resolve(VECTORS).normalize();
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      tried.add(candidate);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve(VECTORS);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      tried.add(candidate);
    }
    throw new AssertionError(
        "the Calico selector vectors are missing; looked for "
            + tried
            + " (set -Dkcap.shared.dir)");
  }
}
