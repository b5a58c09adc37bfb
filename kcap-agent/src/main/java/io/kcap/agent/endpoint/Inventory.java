package io.kcap.agent.endpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcap.agent.internal.Mapping;
import io.kcap.agent.internal.Problems;
import io.kcap.agent.internal.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The endpoint inventory: a YAML file listing the endpoints of a standalone node, which {@code kcap
 * sandbox up} writes and the standalone agent reads through {@link InventoryEndpointSource}. A
 * person may write one by hand for network namespaces made some other way.
 *
 * {@snippet lang = yaml :
 * endpoints:
 * - namespace: shop
 *   name: web-1
 *   labels:
 *     app: web
 *   serviceAccount: default   # optional, default "default"
 *   ips:
 *   - 10.240.0.1
 *   interface: cali4bb4d25ba31
 *   node: node-1              # optional, default: this node
 * }
 */
public record Inventory(List<Endpoint> endpoints) {
  /** The inventory's file name in kcap's state directory. */
  public static final String FILE_NAME = "inventory.yaml";

  private static final String ENDPOINTS = "endpoints";
  private static final Set<String> ENTRY_KEYS =
      new LinkedHashSet<>(
          List.of("namespace", "name", "labels", "serviceAccount", "ips", "interface", "node"));

  public Inventory {
    endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
  }

  /** Where the inventory lives in a state directory. */
  public static Path in(Path stateDirectory) {
    return stateDirectory.resolve(FILE_NAME);
  }

  /**
   * Reads an inventory; entries without a {@code node} are on {@code node}.
   *
   * @throws io.kcap.agent.AgentException listing every problem as {@code FILE:LINE: PATH: ...}
   */
  public static Inventory read(Path file, String node) {
    YamlFile.Document document = YamlFile.read(file);
    Problems problems = new Problems(document.file());
    document
        .fields()
        .forEach(
            (key, entry) -> {
              if (!key.equals(ENDPOINTS)) {
                problems.add(entry.line(), key, "unknown field (known: " + ENDPOINTS + ")");
              } else if (!entry.node().isArray() && !entry.node().isNull()) {
                problems.add(entry.line(), key, "expected a list of endpoints");
              }
            });
    List<Endpoint> endpoints = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    List<YamlFile.Entry> items = document.items(ENDPOINTS);
    for (int i = 0; i < items.size(); i++) {
      String path = ENDPOINTS + "[" + i + "]";
      YamlFile.Entry item = items.get(i);
      Optional<Endpoint> endpoint = readEndpoint(problems, item, path, node);
      endpoint.ifPresent(
          e -> {
            String earlier = seen.putIfAbsent(e.qualifiedName(), path);
            if (earlier != null) {
              problems.add(
                  item.line(), path, e.qualifiedName() + " is already listed as " + earlier);
            } else {
              endpoints.add(e);
            }
          });
    }
    problems.throwIfAny();
    return new Inventory(endpoints);
  }

  private static Optional<Endpoint> readEndpoint(
      Problems problems, YamlFile.Entry item, String path, String node) {
    Optional<Mapping> mapping = Mapping.of(problems, item, path, ENTRY_KEYS);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    Mapping fields = mapping.get();
    Optional<String> namespace = fields.requiredString("namespace");
    Optional<String> name = fields.requiredString("name");
    Map<String, String> labels = fields.stringMap("labels");
    String serviceAccount =
        fields.string("serviceAccount").orElse(Endpoint.DEFAULT_SERVICE_ACCOUNT);
    List<String> ips = fields.stringList("ips");
    Optional<String> iface = fields.requiredString("interface");
    String endpointNode = fields.string("node").orElse(node);
    if (namespace.isEmpty() || name.isEmpty() || iface.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Endpoint(
              namespace.get(), name.get(), labels, ips, iface.get(), endpointNode, serviceAccount));
    } catch (IllegalArgumentException e) {
      problems.add(item.line(), path, e.getMessage());
      return Optional.empty();
    }
  }

  /** Writes the inventory atomically: a reader sees the old file or the new one, never half. */
  public void write(Path file) {
    ObjectNode root = YamlFile.newMapping();
    ArrayNode list = root.putArray(ENDPOINTS);
    for (Endpoint endpoint : endpoints) {
      ObjectNode entry = list.addObject();
      entry.put("namespace", endpoint.namespace());
      entry.put("name", endpoint.name());
      ObjectNode labels = entry.putObject("labels");
      endpoint.labels().forEach(labels::put);
      entry.put("serviceAccount", endpoint.serviceAccount());
      ArrayNode ips = entry.putArray("ips");
      endpoint.ips().forEach(ips::add);
      entry.put("interface", endpoint.interfaceName());
      entry.put("node", endpoint.node());
    }
    YamlFile.write(
        file, "# Endpoints for kcap's standalone agent (see `kcap sandbox --help`).\n", root);
  }
}
