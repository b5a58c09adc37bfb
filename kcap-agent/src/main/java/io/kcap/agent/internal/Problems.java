package io.kcap.agent.internal;

import io.kcap.agent.AgentException;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one file, each reported as {@code FILE:LINE: PATH: MESSAGE} so that the
 * user sees every mistake at once and where it is.
 */
public final class Problems {
  private final String file;
  private final List<String> lines = new ArrayList<>();

  public Problems(String file) {
    this.file = file;
  }

  public void add(int line, String path, String message) {
    lines.add(file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message);
  }

  /** A problem of the whole file, with no line to point at. */
  public void addFileProblem(String message) {
    lines.add(file + ": " + message);
  }

  public boolean isEmpty() {
    return lines.isEmpty();
  }

  /** Throws every problem found, one per line, if there is any. */
  public void throwIfAny() {
    if (!lines.isEmpty()) {
      throw new AgentException(String.join("\n", lines));
    }
  }
}
