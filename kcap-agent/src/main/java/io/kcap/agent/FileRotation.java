package io.kcap.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * When a session's file is rotated (renamed with the rotation time and a new one started) and how
 * many rotated files are kept.
 */
public record FileRotation(Duration interval, long maxFileBytes, int maxRotatedFiles) {
  public FileRotation {
    Objects.requireNonNull(interval, "interval");
  }

  static FileRotation of(NodeSettings settings) {
    return new FileRotation(
        settings.rotationInterval(), settings.rotationBytes(), settings.maxRotatedFiles());
  }
}
