package io.kcap.api;

/** Builds apimachinery-style field paths: {@code spec.filters[1].ports[0]}, {@code a.b[key]}. */
final class FieldPath {
  private FieldPath() {}

  static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  static String key(String parent, String key) {
    return parent + "[" + key + "]";
  }
}
