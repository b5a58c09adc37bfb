package io.kcap.api;

/** Renders an offending value in a message: quoted, escaped, and cut short when huge. */
final class Quoted {
  private static final int MAX_SHOWN = 200;

  private Quoted() {}

  static String of(Object value) {
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(text.length(), MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (shown < text.length()) {
      out.append("...");
    }
    return out.append('"').toString();
  }
}
