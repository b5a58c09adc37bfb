package io.kcap.selector;

import io.kcap.selector.Json.JsonArray;
import io.kcap.selector.Json.JsonBoolean;
import io.kcap.selector.Json.JsonObject;
import io.kcap.selector.Json.JsonString;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A file of selector test vectors (the format of {@code shared/selector/calico-vectors.json}, also
 * read by {@code kcap selector check}): a JSON object with optional arrays {@code match}, {@code
 * errors}, {@code canonical} and {@code valid}. Each vector checks itself against this module.
 *
 * @param match selectors that must parse and evaluate to {@code matches} against {@code labels}
 * @param errors selectors that must be rejected
 * @param canonical selectors whose {@code toString()} must be exactly {@code canonical}
 * @param valid selectors that must parse
 */
public record SelectorVectors(
    List<Match> match, List<Invalid> errors, List<Canonical> canonical, List<Valid> valid) {

  public SelectorVectors {
    match = List.copyOf(match);
    errors = List.copyOf(errors);
    canonical = List.copyOf(canonical);
    valid = List.copyOf(valid);
  }

  /** One expectation about one selector. */
  public sealed interface Vector permits Match, Invalid, Canonical, Valid {
    String selector();

    /** Where the expectation comes from (e.g. a Calico test file and line), or empty. */
    String from();

    /**
     * Why kcap does not behave as this vector says, in one line that quotes the selector as JSON
     * does; empty when it does.
     */
    Optional<String> failure();
  }

  /** {@code selector} parses and {@code matches(labels)} is {@code matches}. */
  public record Match(String selector, Map<String, String> labels, boolean matches, String from)
      implements Vector {
    public Match {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    @Override
    public Optional<String> failure() {
      String got;
      try {
        boolean actual = Selector.parse(selector).matches(labels);
        if (actual == matches) {
          return Optional.empty();
        }
        got = String.valueOf(actual);
      } catch (SelectorSyntaxException e) {
        got = "syntax error: " + e.getMessage();
      }
      String shownLabels =
          labels.entrySet().stream()
              .map(e -> Json.quote(e.getKey()) + ": " + Json.quote(e.getValue()))
              .collect(Collectors.joining(", ", "{", "}"));
      return Optional.of(
          Json.quote(selector) + " on " + shownLabels + ": expected " + matches + ", got " + got);
    }
  }

  /** {@code selector} is rejected with a {@link SelectorSyntaxException}. */
  public record Invalid(String selector, String from) implements Vector {
    @Override
    public Optional<String> failure() {
      try {
        Selector parsed = Selector.parse(selector);
        return Optional.of(
            Json.quote(selector)
                + ": expected a syntax error, got "
                + Json.quote(parsed.toString()));
      } catch (SelectorSyntaxException e) {
        return Optional.empty();
      }
    }
  }

  /** {@code selector} parses and prints exactly as {@code canonical}. */
  public record Canonical(String selector, String canonical, String from) implements Vector {
    @Override
    public Optional<String> failure() {
      String got;
      try {
        got = Selector.parse(selector).toString();
        if (got.equals(canonical)) {
          return Optional.empty();
        }
        got = Json.quote(got);
      } catch (SelectorSyntaxException e) {
        got = "syntax error: " + e.getMessage();
      }
      return Optional.of(
          Json.quote(selector) + ": expected canonical " + Json.quote(canonical) + ", got " + got);
    }
  }

  /** {@code selector} parses. */
  public record Valid(String selector, String from) implements Vector {
    @Override
    public Optional<String> failure() {
      try {
        Selector.parse(selector);
        return Optional.empty();
      } catch (SelectorSyntaxException e) {
        return Optional.of(
            Json.quote(selector) + ": expected to parse, got syntax error: " + e.getMessage());
      }
    }
  }

  /** Every vector, section by section in the order above. */
  public List<Vector> all() {
    return Stream.of(match, errors, canonical, valid).<Vector>flatMap(List::stream).toList();
  }

  /** The number of vectors. */
  public int size() {
    return match.size() + errors.size() + canonical.size() + valid.size();
  }

  /**
   * Reads a vector file (UTF-8).
   *
   * @throws IOException if it cannot be read, is not JSON, or not in the vector format; the message
   *     starts with the file name and says where and what is wrong
   */
  public static SelectorVectors read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": not UTF-8 text", e);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IOException(file + ": permission denied", e);
    } catch (IOException e) {
      throw new IOException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      return parse(text);
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads vectors from JSON text.
   *
   * @throws IOException if the text is not JSON or not in the vector format, naming where
   */
  public static SelectorVectors parse(String json) throws IOException {
    if (!(Json.parse(json) instanceof JsonObject(Map<String, Json> top))) {
      throw new IOException("expected a JSON object at the top");
    }
    allowOnly(top, "", Set.of("about", "match", "errors", "canonical", "valid"));
    return new SelectorVectors(
        section(
            top,
            "match",
            Set.of("selector", "labels", "matches"),
            (entry, path) ->
                new Match(
                    string(entry, path, "selector"),
                    labels(entry, path),
                    bool(entry, path, "matches"),
                    from(entry, path))),
        section(
            top,
            "errors",
            Set.of("selector"),
            (entry, path) -> new Invalid(string(entry, path, "selector"), from(entry, path))),
        section(
            top,
            "canonical",
            Set.of("selector", "canonical"),
            (entry, path) ->
                new Canonical(
                    string(entry, path, "selector"),
                    string(entry, path, "canonical"),
                    from(entry, path))),
        section(
            top,
            "valid",
            Set.of("selector"),
            (entry, path) -> new Valid(string(entry, path, "selector"), from(entry, path))));
  }

  private interface EntryReader<T> {
    T read(Map<String, Json> entry, String path) throws IOException;
  }

  private static <T> List<T> section(
      Map<String, Json> top, String name, Set<String> required, EntryReader<T> reader)
      throws IOException {
    Json section = top.get(name);
    if (section == null) {
      return List.of();
    }
    if (!(section instanceof JsonArray(List<Json> entries))) {
      throw new IOException(name + ": expected an array, found " + kind(section));
    }
    List<T> vectors = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      String path = name + "[" + i + "]";
      if (!(entries.get(i) instanceof JsonObject(Map<String, Json> entry))) {
        throw new IOException(path + ": expected an object, found " + kind(entries.get(i)));
      }
      for (String key : required) {
        if (!entry.containsKey(key)) {
          throw new IOException(path + ": missing \"" + key + "\"");
        }
      }
      Set<String> allowed =
          Stream.concat(required.stream(), Stream.of("from", "reason")).collect(Collectors.toSet());
      allowOnly(entry, path + ".", allowed);
      vectors.add(reader.read(entry, path));
    }
    return vectors;
  }

  /** Unknown keys are refused so that a misspelt section or field cannot silently test nothing. */
  private static void allowOnly(Map<String, Json> object, String path, Set<String> allowed)
      throws IOException {
    for (String key : object.keySet()) {
      if (!allowed.contains(key)) {
        throw new IOException(
            path
                + Json.quote(key)
                + ": unknown key; expected one of "
                + allowed.stream().sorted().collect(Collectors.joining(", ")));
      }
    }
  }

  private static String string(Map<String, Json> entry, String path, String key)
      throws IOException {
    if (entry.get(key) instanceof JsonString(String value)) {
      return value;
    }
    throw new IOException(path + "." + key + ": expected a string, found " + kind(entry.get(key)));
  }

  private static boolean bool(Map<String, Json> entry, String path, String key) throws IOException {
    if (entry.get(key) instanceof JsonBoolean(boolean value)) {
      return value;
    }
    throw new IOException(
        path + "." + key + ": expected true or false, found " + kind(entry.get(key)));
  }

  private static String from(Map<String, Json> entry, String path) throws IOException {
    return entry.containsKey("from") ? string(entry, path, "from") : "";
  }

  private static Map<String, String> labels(Map<String, Json> entry, String path)
      throws IOException {
    if (!(entry.get("labels") instanceof JsonObject(Map<String, Json> members))) {
      throw new IOException(
          path + ".labels: expected an object, found " + kind(entry.get("labels")));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, Json> member : members.entrySet()) {
      if (!(member.getValue() instanceof JsonString(String value))) {
        throw new IOException(
            path
                + ".labels."
                + member.getKey()
                + ": expected a string, found "
                + kind(member.getValue()));
      }
      labels.put(member.getKey(), value);
    }
    return labels;
  }

  private static String kind(Json value) {
    return switch (value) {
      case Json.JsonObject o -> "an object";
      case Json.JsonArray a -> "an array";
      case Json.JsonString s -> "a string";
      case Json.JsonNumber n -> "a number";
      case Json.JsonBoolean b -> "a boolean";
      case Json.JsonNull n -> "null";
    };
  }
}
