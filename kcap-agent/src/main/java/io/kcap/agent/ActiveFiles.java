package io.kcap.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Moves an existing active file aside before a session starts on it, so that a restarted session (a
 * changed filter, an agent restart) never truncates what an earlier one wrote.
 *
 * <p>The file gets the name a rotation gives it, {@code BASE.INDEX.EXT} with INDEX the rotation
 * time in milliseconds since the Unix epoch (the next free one if taken), so rotated files keep
 * sorting by time and count towards the rotated files kept per stream.
 */
final class ActiveFiles {
  private ActiveFiles() {}

  /** Renames {@code active} to its rotated name, if it exists; returns the new name. */
  static Optional<Path> rotateAside(Path active, InstantSource clock) throws IOException {
    if (!Files.exists(active)) {
      return Optional.empty();
    }
    String name = active.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "";
    long index = clock.millis();
    Path target = active.resolveSibling(base + "." + index + extension);
    while (Files.exists(target)) {
      target = active.resolveSibling(base + "." + ++index + extension);
    }
    Files.move(active, target, StandardCopyOption.ATOMIC_MOVE);
    return Optional.of(target);
  }
}
