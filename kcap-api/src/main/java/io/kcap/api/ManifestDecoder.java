package io.kcap.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns one YAML document into a PacketCapture, field by field, noting every unknown field and
 * wrong type instead of stopping at the first (which a strict data binder would do).
 *
 * <p>One decoder per document: it collects that document's violations.
 */
final class ManifestDecoder {
  private static final Set<String> TOP_FIELDS =
      Set.of("apiVersion", "kind", "metadata", "spec", "status");
  private static final Set<String> CALICO_SPEC_FIELDS =
      Set.of("selector", "filters", "startTime", "endTime");
  private static final Set<String> KCAP_SPEC_FIELDS =
      Set.of("bpf", "snapLength", "format", "limits");
  private static final Set<String> FILTER_FIELDS = Set.of("protocol", "ports");
  private static final Set<String> LIMITS_FIELDS = Set.of("maxPackets", "maxBytes", "maxDuration");
  private static final Set<String> STATUS_FIELDS = Set.of("files");
  private static final Set<String> CALICO_FILES_FIELDS =
      Set.of("node", "directory", "fileNames", "state");
  private static final Set<String> KCAP_FILES_FIELDS =
      Set.of("packets", "bytes", "drops", "message");

  /** Read here, so that their errors carry a field path and the offending value. */
  private static final Set<String> METADATA_READ_HERE =
      Set.of("name", "namespace", "generateName", "labels", "annotations");

  /** Set by the API server; accepted so that {@code kubectl get -o yaml} output reads back. */
  private static final Set<String> METADATA_SERVER_FIELDS =
      Set.of(
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "finalizers",
          "ownerReferences",
          "managedFields",
          "selfLink");

  private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Violation> violations = new ArrayList<>();
  private boolean calico;

  CaptureManifest decode(int document, Node root) {
    int line = root.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    PacketCapture capture = new PacketCapture();
    capture.setMetadata(new ObjectMeta());
    if (!(root instanceof MappingNode map)) {
      violations.add(new Violation("", "expected a PacketCapture, got " + describe(root)));
      return new CaptureManifest(document, line, capture, violations);
    }
    Map<String, Node> fields = fields("", map, TOP_FIELDS, Set.of());
    Optional<String> apiVersion = string("apiVersion", fields.get("apiVersion"));
    if (apiVersion.isEmpty()) {
      violations.add(
          new Violation(
              "apiVersion",
              "required value: expected "
                  + PacketCapture.API_VERSION
                  + " or "
                  + PacketCapture.CALICO_API_VERSION));
    } else if (apiVersion.get().equals(PacketCapture.CALICO_API_VERSION)) {
      calico = true;
    } else if (!apiVersion.get().equals(PacketCapture.API_VERSION)) {
      violations.add(
          new Violation(
              "apiVersion",
              "unsupported value "
                  + Quoted.of(apiVersion.get())
                  + ": expected "
                  + PacketCapture.API_VERSION
                  + " or "
                  + PacketCapture.CALICO_API_VERSION));
    }
    capture.setMetadata(metadata(fields.get("metadata")));
    Optional<String> kind = string("kind", fields.get("kind"));
    if (kind.isEmpty()) {
      violations.add(new Violation("kind", "required value: expected " + PacketCapture.KIND));
    } else if (!kind.get().equals(PacketCapture.KIND)) {
      // Another kind's fields would all look unknown here; its kind is the one thing to say.
      violations.add(
          new Violation(
              "kind",
              "unsupported value " + Quoted.of(kind.get()) + ": expected " + PacketCapture.KIND));
      return new CaptureManifest(document, line, capture, violations);
    }
    capture.setSpec(spec(fields.get("spec")));
    status(fields.get("status")).ifPresent(capture::setStatus);
    return new CaptureManifest(document, line, capture, violations);
  }

  private ObjectMeta metadata(Node node) {
    ObjectMeta metadata = new ObjectMeta();
    Optional<MappingNode> map = mapping("metadata", node);
    if (map.isEmpty()) {
      return metadata;
    }
    Set<String> known = new HashSet<>(METADATA_READ_HERE);
    known.addAll(METADATA_SERVER_FIELDS);
    Map<String, Node> fields = fields("metadata", map.get(), known, Set.of());
    string("metadata.name", fields.get("name")).ifPresent(metadata::setName);
    string("metadata.namespace", fields.get("namespace")).ifPresent(metadata::setNamespace);
    string("metadata.generateName", fields.get("generateName"))
        .ifPresent(metadata::setGenerateName);
    stringMap("metadata.labels", fields.get("labels")).ifPresent(metadata::setLabels);
    stringMap("metadata.annotations", fields.get("annotations"))
        .ifPresent(metadata::setAnnotations);
    for (String name : METADATA_SERVER_FIELDS) {
      Node value = fields.get(name);
      if (value == null) {
        continue;
      }
      ObjectNode one = JsonNodeFactory.instance.objectNode();
      one.set(name, json(value));
      try {
        JSON.readerForUpdating(metadata).readValue(one);
      } catch (JsonProcessingException e) {
        String problem = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
        violations.add(new Violation("metadata." + name, "invalid value: " + problem));
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a tree in memory has no I/O to fail
      }
    }
    return metadata;
  }

  private PacketCaptureSpec spec(Node node) {
    Optional<MappingNode> map = mapping("spec", node);
    if (map.isEmpty()) {
      return PacketCaptureSpec.builder().build();
    }
    Map<String, Node> fields = fields("spec", map.get(), CALICO_SPEC_FIELDS, KCAP_SPEC_FIELDS);
    // Read in the schema's order, so that violations come out in that order too.
    String selector = string("spec.selector", fields.get("selector")).orElse(null);
    List<CaptureFilter> filters = new ArrayList<>();
    List<Node> filterNodes = list("spec.filters", fields.get("filters"));
    for (int i = 0; i < filterNodes.size(); i++) {
      filter(FieldPath.index("spec.filters", i), filterNodes.get(i)).ifPresent(filters::add);
    }
    String startTime = string("spec.startTime", fields.get("startTime")).orElse(null);
    String endTime = string("spec.endTime", fields.get("endTime")).orElse(null);
    String bpf = string("spec.bpf", fields.get("bpf")).orElse(null);
    Integer snapLength = null;
    Optional<BigInteger> snap = integer("spec.snapLength", fields.get("snapLength"));
    if (snap.isPresent() && fitsInt(snap.get())) {
      snapLength = snap.get().intValue();
    } else if (snap.isPresent()) {
      // Out of any valid range, and too large for the model: reported here, as validation would.
      PacketCaptureValidator.snapLengthViolation(snap.get()).ifPresent(violations::add);
    }
    CaptureFormat format = format(fields.get("format")).orElse(null);
    CaptureLimits limits = limits(fields.get("limits")).orElse(null);
    return new PacketCaptureSpec(
        selector, filters, startTime, endTime, bpf, snapLength, format, limits);
  }

  private Optional<CaptureFilter> filter(String path, Node node) {
    if (isNull(node)) {
      violations.add(new Violation(path, "expected a filter, got null"));
      return Optional.empty();
    }
    Optional<MappingNode> map = mapping(path, node);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Node> fields = fields(path, map.get(), FILTER_FIELDS, Set.of());
    IntOrString protocol =
        intOrString(FieldPath.child(path, "protocol"), fields.get("protocol")).orElse(null);
    List<IntOrString> ports = new ArrayList<>();
    String portsPath = FieldPath.child(path, "ports");
    List<Node> portNodes = list(portsPath, fields.get("ports"));
    for (int i = 0; i < portNodes.size(); i++) {
      String portPath = FieldPath.index(portsPath, i);
      if (isNull(portNodes.get(i))) {
        violations.add(new Violation(portPath, "expected a port or \"start:end\", got null"));
        continue;
      }
      intOrString(portPath, portNodes.get(i)).ifPresent(ports::add);
    }
    return Optional.of(new CaptureFilter(protocol, ports));
  }

  private Optional<CaptureFormat> format(Node node) {
    return string("spec.format", node)
        .flatMap(
            text -> {
              Optional<CaptureFormat> format =
                  Arrays.stream(CaptureFormat.values())
                      .filter(f -> f.wireName().equals(text))
                      .findFirst();
              if (format.isEmpty()) {
                violations.add(
                    new Violation(
                        "spec.format",
                        "unsupported value " + Quoted.of(text) + ": expected pcap or pcapng"));
              }
              return format;
            });
  }

  private Optional<CaptureLimits> limits(Node node) {
    return mapping("spec.limits", node)
        .map(
            map -> {
              Map<String, Node> fields = fields("spec.limits", map, LIMITS_FIELDS, Set.of());
              return new CaptureLimits(
                  longValue("spec.limits.maxPackets", fields.get("maxPackets")).orElse(null),
                  longValue("spec.limits.maxBytes", fields.get("maxBytes")).orElse(null),
                  string("spec.limits.maxDuration", fields.get("maxDuration")).orElse(null));
            });
  }

  private Optional<PacketCaptureStatus> status(Node node) {
    return mapping("status", node)
        .map(
            map -> {
              Map<String, Node> fields = fields("status", map, STATUS_FIELDS, Set.of());
              List<CaptureFiles> files = new ArrayList<>();
              List<Node> nodes = list("status.files", fields.get("files"));
              for (int i = 0; i < nodes.size(); i++) {
                files(FieldPath.index("status.files", i), nodes.get(i)).ifPresent(files::add);
              }
              return new PacketCaptureStatus(files);
            });
  }

  private Optional<CaptureFiles> files(String path, Node node) {
    return mapping(path, node)
        .map(
            map -> {
              Map<String, Node> fields = fields(path, map, CALICO_FILES_FIELDS, KCAP_FILES_FIELDS);
              List<String> fileNames = new ArrayList<>();
              String namesPath = FieldPath.child(path, "fileNames");
              List<Node> names = list(namesPath, fields.get("fileNames"));
              for (int i = 0; i < names.size(); i++) {
                string(FieldPath.index(namesPath, i), names.get(i)).ifPresent(fileNames::add);
              }
              return new CaptureFiles(
                  string(FieldPath.child(path, "node"), fields.get("node")).orElse(null),
                  string(FieldPath.child(path, "directory"), fields.get("directory")).orElse(null),
                  fileNames,
                  state(FieldPath.child(path, "state"), fields.get("state")).orElse(null),
                  longValue(FieldPath.child(path, "packets"), fields.get("packets")).orElse(null),
                  longValue(FieldPath.child(path, "bytes"), fields.get("bytes")).orElse(null),
                  longValue(FieldPath.child(path, "drops"), fields.get("drops")).orElse(null),
                  string(FieldPath.child(path, "message"), fields.get("message")).orElse(null));
            });
  }

  private Optional<CaptureState> state(String path, Node node) {
    return string(path, node)
        .flatMap(
            text -> {
              Optional<CaptureState> state =
                  Arrays.stream(CaptureState.values())
                      .filter(s -> s.wireName().equals(text))
                      .findFirst();
              if (state.isEmpty()) {
                violations.add(
                    new Violation(
                        path,
                        "unsupported value "
                            + Quoted.of(text)
                            + ": expected one of "
                            + Arrays.stream(CaptureState.values())
                                .map(CaptureState::wireName)
                                .collect(Collectors.joining(", "))));
              }
              return state;
            });
  }

  // ---- structure -------------------------------------------------------------------------

  /**
   * The fields of a mapping by name, reporting duplicates and unknown names. {@code kcapOnly}
   * fields are kcap extensions: known in kcap.io/v1, unknown to Calico.
   */
  private Map<String, Node> fields(
      String path, MappingNode map, Set<String> known, Set<String> kcapOnly) {
    Map<String, Node> fields = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : map.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        violations.add(
            new Violation(
                path, "field names must be strings, got " + describe(tuple.getKeyNode())));
        continue;
      }
      String name = key.getValue();
      String fieldPath = FieldPath.child(path, name);
      if (!seen.add(name)) {
        violations.add(new Violation(fieldPath, "duplicate field " + Quoted.of(name)));
      } else if (kcapOnly.contains(name) && calico) {
        violations.add(
            new Violation(
                fieldPath,
                "field "
                    + Quoted.of(name)
                    + " is a kcap extension, unknown to "
                    + PacketCapture.CALICO_API_VERSION
                    + ": use apiVersion "
                    + PacketCapture.API_VERSION));
      } else if (!known.contains(name) && !kcapOnly.contains(name)) {
        violations.add(new Violation(fieldPath, "unknown field " + Quoted.of(name)));
      } else {
        fields.put(name, tuple.getValueNode());
      }
    }
    return fields;
  }

  /** Absent or null is empty; anything but a mapping is a violation. */
  private Optional<MappingNode> mapping(String path, Node node) {
    if (isNull(node)) {
      return Optional.empty();
    }
    if (node instanceof MappingNode map) {
      return Optional.of(map);
    }
    violations.add(new Violation(path, "expected a mapping, got " + describe(node)));
    return Optional.empty();
  }

  /** Absent or null is empty; anything but a list is a violation. */
  private List<Node> list(String path, Node node) {
    if (isNull(node)) {
      return List.of();
    }
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    violations.add(new Violation(path, "expected a list, got " + describe(node)));
    return List.of();
  }

  private Optional<Map<String, String>> stringMap(String path, Node node) {
    return mapping(path, node)
        .map(
            map -> {
              Map<String, String> values = new LinkedHashMap<>();
              for (NodeTuple tuple : map.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key) || !isString(key)) {
                  violations.add(
                      new Violation(
                          path, "keys must be strings, got " + describe(tuple.getKeyNode())));
                  continue;
                }
                String keyPath = FieldPath.key(path, key.getValue());
                if (values.containsKey(key.getValue())) {
                  violations.add(
                      new Violation(keyPath, "duplicate key " + Quoted.of(key.getValue())));
                  continue;
                }
                requiredString(keyPath, tuple.getValueNode())
                    .ifPresent(value -> values.put(key.getValue(), value));
              }
              return values;
            });
  }

  private Optional<String> string(String path, Node node) {
    if (isNull(node)) {
      return Optional.empty();
    }
    return requiredString(path, node);
  }

  private Optional<String> requiredString(String path, Node node) {
    if (node instanceof ScalarNode scalar && isString(scalar)) {
      return Optional.of(scalar.getValue());
    }
    violations.add(new Violation(path, "expected a string, got " + describe(node)));
    return Optional.empty();
  }

  private Optional<BigInteger> integer(String path, Node node) {
    if (isNull(node)) {
      return Optional.empty();
    }
    Optional<BigInteger> value = integerValue(node);
    if (value.isEmpty()) {
      violations.add(new Violation(path, "expected an integer, got " + describe(node)));
    }
    return value;
  }

  private Optional<Long> longValue(String path, Node node) {
    return integer(path, node)
        .flatMap(
            value -> {
              if (value.bitLength() < Long.SIZE) {
                return Optional.of(value.longValue());
              }
              violations.add(
                  new Violation(
                      path,
                      "invalid value " + Quoted.of(value) + ": must be at most " + Long.MAX_VALUE));
              return Optional.empty();
            });
  }

  private Optional<IntOrString> intOrString(String path, Node node) {
    if (isNull(node)) {
      return Optional.empty();
    }
    if (node instanceof ScalarNode scalar && isString(scalar)) {
      return Optional.of(new IntOrString(scalar.getValue()));
    }
    Optional<BigInteger> number = integerValue(node);
    if (number.isPresent()) {
      // Too large for an int: kept as its digits, so validation can still name the value.
      return Optional.of(
          fitsInt(number.get())
              ? new IntOrString(number.get().intValue())
              : new IntOrString(number.get().toString()));
    }
    violations.add(new Violation(path, "expected an integer or a string, got " + describe(node)));
    return Optional.empty();
  }

  // ---- scalars -----------------------------------------------------------------------------

  private static boolean isNull(Node node) {
    return node == null || node.getTag().equals(Tag.NULL);
  }

  private static boolean isString(ScalarNode scalar) {
    return scalar.getTag().equals(Tag.STR);
  }

  /** YAML 1.2 core schema integers: decimal, {@code 0o} octal, {@code 0x} hexadecimal. */
  private static Optional<BigInteger> integerValue(Node node) {
    if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
      return Optional.empty();
    }
    String text = scalar.getValue();
    try {
      if (text.startsWith("0x")) {
        return Optional.of(new BigInteger(text.substring(2), 16));
      }
      if (text.startsWith("0o")) {
        return Optional.of(new BigInteger(text.substring(2), 8));
      }
      return Optional.of(new BigInteger(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean fitsInt(BigInteger value) {
    return value.bitLength() < Integer.SIZE;
  }

  /** How a message names a value that has the wrong type. */
  static String describe(Node node) {
    if (node == null) {
      return "nothing";
    }
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode scalar -> describeScalar(scalar);
      default -> "an unexpected YAML node";
    };
  }

  private static String describeScalar(ScalarNode scalar) {
    Tag tag = scalar.getTag();
    String value = scalar.getValue();
    if (tag.equals(Tag.STR)) {
      return "string " + Quoted.of(value);
    }
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      return "number " + value;
    }
    if (tag.equals(Tag.BOOL)) {
      return "boolean " + value;
    }
    if (tag.equals(Tag.NULL)) {
      return "null";
    }
    if (!tag.getValue().startsWith(YAML_TAG_PREFIX)) {
      // Typically an unquoted selector such as `!has(x)`, which YAML reads as a tag.
      return "YAML tag " + Quoted.of(tag.getValue()) + " (quote values that start with '!')";
    }
    return Quoted.of(value) + " tagged " + tag.getValue();
  }

  /** The same document as JSON, for the parts of metadata Jackson reads. */
  private static JsonNode json(Node node) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (node) {
      case MappingNode map -> {
        ObjectNode object = nodes.objectNode();
        for (NodeTuple tuple : map.getValue()) {
          String key =
              tuple.getKeyNode() instanceof ScalarNode scalar
                  ? scalar.getValue()
                  : describe(tuple.getKeyNode());
          object.set(key, json(tuple.getValueNode()));
        }
        yield object;
      }
      case SequenceNode sequence -> {
        ArrayNode array = nodes.arrayNode();
        sequence.getValue().forEach(item -> array.add(json(item)));
        yield array;
      }
      case ScalarNode scalar -> scalarJson(scalar, nodes);
      default -> nodes.nullNode();
    };
  }

  private static JsonNode scalarJson(ScalarNode scalar, JsonNodeFactory nodes) {
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.NULL)) {
      return nodes.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      return nodes.booleanNode(scalar.getValue().equalsIgnoreCase("true"));
    }
    Optional<BigInteger> integer = integerValue(scalar);
    if (integer.isPresent()) {
      return nodes.numberNode(integer.get());
    }
    if (tag.equals(Tag.FLOAT)) {
      try {
        return nodes.numberNode(new BigDecimal(scalar.getValue()));
      } catch (NumberFormatException e) {
        return nodes.textNode(scalar.getValue()); // .inf and .nan have no JSON form
      }
    }
    return nodes.textNode(scalar.getValue());
  }
}
