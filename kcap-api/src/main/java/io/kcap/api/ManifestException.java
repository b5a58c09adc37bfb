package io.kcap.api;

import java.io.IOException;

/** A manifest that is not YAML at all; carries where the YAML parser gave up. */
public final class ManifestException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  /**
   * @param line from 1, or 0 when unknown
   * @param column from 1, or 0 when unknown
   */
  public ManifestException(int line, int column, String problem) {
    super(line > 0 ? "line " + line + ", column " + column + ": " + problem : problem);
    this.line = line;
    this.column = column;
  }

  /** From 1; 0 when unknown. */
  public int line() {
    return line;
  }

  /** From 1; 0 when unknown. */
  public int column() {
    return column;
  }
}
