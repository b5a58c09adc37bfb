package io.kcap.api;

import java.util.Objects;

/**
 * One thing wrong with a PacketCapture: the field, in apimachinery's path notation ({@code
 * spec.filters[1].ports[0]}, {@code metadata.labels[app]}), and a message that names the offending
 * value and what was expected.
 *
 * @param field the path of the offending field; empty when the whole document is at fault
 */
public record Violation(String field, String message) {
  public Violation {
    Objects.requireNonNull(field);
    Objects.requireNonNull(message);
  }

  /** {@code field: message}, the form {@code kcap validate} prints. */
  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
