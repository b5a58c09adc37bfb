package io.kcap.agent.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kcap.agent.AgentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * kcap's small YAML files (pods files, the endpoint inventory, the sandbox record): read with the
 * line each top-level list entry starts on, so that problems can point at it, and written
 * atomically, so that a reader never sees half a file.
 */
public final class YamlFile {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  // A label value "1" or "yes" must stay a string when read back.
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private YamlFile() {}

  /** A YAML node and the line (1-based) it starts on. */
  public record Entry(int line, JsonNode node) {}

  /** A file's top-level mapping; list-valued keys keep the line of each item. */
  public record Document(
      String file, Map<String, Entry> fields, Map<String, List<Entry>> listItems) {
    public Optional<Entry> field(String key) {
      return Optional.ofNullable(fields.get(key));
    }

    /** The whole top-level mapping, at line 1. */
    public Entry root() {
      ObjectNode node = MAPPER.createObjectNode();
      fields.forEach((key, entry) -> node.set(key, entry.node()));
      return new Entry(1, node);
    }

    /** The items of the list under {@code key}; empty when the key is absent or not a list. */
    public List<Entry> items(String key) {
      return listItems.getOrDefault(key, List.of());
    }
  }

  /**
   * Reads a YAML file whose top level is a mapping (an empty file is an empty mapping).
   *
   * @throws AgentException when the file cannot be read or is not such YAML, with the line
   */
  public static Document read(Path file) {
    String name = file.toString();
    Map<String, Entry> fields = new LinkedHashMap<>();
    Map<String, List<Entry>> listItems = new LinkedHashMap<>();
    try (JsonParser parser =
        MAPPER.createParser(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return new Document(name, Map.of(), Map.of());
      }
      if (token != JsonToken.START_OBJECT) {
        throw new AgentException(
            name + ":" + line(parser) + ": expected a mapping of keys at the top of the file");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        int keyLine = line(parser);
        if (parser.nextToken() == JsonToken.START_ARRAY) {
          List<Entry> items = new ArrayList<>();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(new Entry(line(parser), MAPPER.readTree(parser)));
          }
          listItems.put(key, List.copyOf(items));
          fields.put(
              key,
              new Entry(
                  keyLine,
                  MAPPER.createArrayNode().addAll(items.stream().map(Entry::node).toList())));
        } else {
          fields.put(key, new Entry(keyLine, MAPPER.readTree(parser)));
        }
      }
      return new Document(name, fields, listItems);
    } catch (NoSuchFileException e) {
      throw new AgentException(name + ": no such file", e);
    } catch (JsonProcessingException e) {
      throw new AgentException(syntaxError(name, e), e);
    } catch (IOException e) {
      throw new AgentException(name + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** A new, empty mapping to fill and {@linkplain #write write}. */
  public static ObjectNode newMapping() {
    return MAPPER.createObjectNode();
  }

  /**
   * Writes {@code document} to {@code file} through a temporary file renamed over it, after a
   * {@code header} of comment lines.
   */
  public static void write(Path file, String header, JsonNode document) {
    try {
      Path directory = file.toAbsolutePath().getParent();
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
      try {
        String text = MAPPER.writeValueAsString(document);
        Files.writeString(temporary, header + text, StandardCharsets.UTF_8);
        try {
          Files.move(
              temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new AgentException(file + ": cannot write: " + e.getMessage(), e);
    }
  }

  private static int line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }

  private static String syntaxError(String file, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      return file
          + ":"
          + (marked.getProblemMark().getLine() + 1)
          + ": YAML syntax error: "
          + firstLine(marked.getProblem());
    }
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    return file
        + (line > 0 ? ":" + line : "")
        + ": YAML error: "
        + firstLine(e.getOriginalMessage());
  }

  private static String firstLine(String text) {
    return text == null ? "malformed" : text.lines().findFirst().orElse("malformed").strip();
  }
}
