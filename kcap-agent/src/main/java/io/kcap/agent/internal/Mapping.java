package io.kcap.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One YAML mapping read field by field: a missing or mistyped field and an unknown key each become
 * a {@link Problems problem} at the mapping's line and path instead of an exception, so that the
 * reader goes on and reports them all.
 */
public final class Mapping {
  private final Problems problems;
  private final int line;
  private final String path;
  private final JsonNode node;

  private Mapping(Problems problems, int line, String path, JsonNode node) {
    this.problems = problems;
    this.line = line;
    this.path = path;
    this.node = node;
  }

  /**
   * The mapping at {@code entry}, or nothing (and a problem) when it is not a mapping or has a key
   * outside {@code allowedKeys}.
   */
  public static Optional<Mapping> of(
      Problems problems, YamlFile.Entry entry, String path, Set<String> allowedKeys) {
    if (!entry.node().isObject()) {
      problems.add(entry.line(), path, "expected a mapping like {name: web-1}");
      return Optional.empty();
    }
    List<String> unknown = new ArrayList<>();
    entry
        .node()
        .fieldNames()
        .forEachRemaining(
            k -> {
              if (!allowedKeys.contains(k)) {
                unknown.add(k);
              }
            });
    for (String key : unknown) {
      problems.add(
          entry.line(),
          path,
          "unknown field \"" + key + "\" (known: " + String.join(", ", allowedKeys) + ")");
    }
    return Optional.of(new Mapping(problems, entry.line(), path, entry.node()));
  }

  public int line() {
    return line;
  }

  /** A string field; nothing when absent, or (with a problem) when not a string. */
  public Optional<String> string(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      problems.add(line, child(key), "expected a string, got " + describe(value));
      return Optional.empty();
    }
    return Optional.of(value.textValue());
  }

  /** A string field that must be there. */
  public Optional<String> requiredString(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      problems.add(line, child(key), "is required");
      return Optional.empty();
    }
    return string(key);
  }

  /** A string field that must be there and that {@code parse} accepts. */
  public <T> Optional<T> required(String key, Function<String, T> parse) {
    return requiredString(key)
        .flatMap(
            text -> {
              try {
                return Optional.of(parse.apply(text));
              } catch (IllegalArgumentException e) {
                problems.add(line, child(key), e.getMessage());
                return Optional.empty();
              }
            });
  }

  /** A mapping of strings to strings; empty when absent. */
  public Map<String, String> stringMap(String key) {
    JsonNode value = node.get(key);
    Map<String, String> map = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return map;
    }
    if (!value.isObject()) {
      problems.add(line, child(key), "expected a mapping, got " + describe(value));
      return map;
    }
    value
        .properties()
        .forEach(
            field -> {
              if (field.getValue().isTextual()) {
                map.put(field.getKey(), field.getValue().textValue());
              } else {
                problems.add(
                    line,
                    child(key) + "." + field.getKey(),
                    "expected a string, got "
                        + describe(field.getValue())
                        + " (quote it: \""
                        + field.getValue().asText()
                        + "\")");
              }
            });
    return map;
  }

  /** A list of strings; empty when absent. */
  public List<String> stringList(String key) {
    JsonNode value = node.get(key);
    List<String> list = new ArrayList<>();
    if (value == null || value.isNull()) {
      return list;
    }
    if (!value.isArray()) {
      problems.add(line, child(key), "expected a list, got " + describe(value));
      return list;
    }
    for (int i = 0; i < value.size(); i++) {
      if (value.get(i).isTextual()) {
        list.add(value.get(i).textValue());
      } else {
        problems.add(
            line, child(key) + "[" + i + "]", "expected a string, got " + describe(value.get(i)));
      }
    }
    return list;
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case OBJECT -> "a mapping";
      case ARRAY -> "a list";
      case NUMBER -> "the number " + value.asText();
      case BOOLEAN -> "the boolean " + value.asText();
      default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
