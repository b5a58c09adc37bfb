package io.kcap.agent.sandbox;

import io.kcap.agent.internal.Mapping;
import io.kcap.agent.internal.Problems;
import io.kcap.agent.internal.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the pods file given to {@code kcap sandbox up}:
 *
 * {@snippet lang = yaml :
 * pods:
 *   - {name: web-1, namespace: shop, labels: {app: web}}
 *   - {name: db-1, namespace: shop, labels: {app: db}, serviceAccount: db}
 * }
 *
 * <p>{@code namespace} defaults to {@code default}, as in Kubernetes. Names and labels follow
 * Kubernetes' rules; every problem is reported at once, one line each, with the file, the line and
 * the entry.
 */
public final class PodsFile {
  private static final String PODS = "pods";
  private static final Set<String> ENTRY_KEYS =
      new LinkedHashSet<>(List.of("name", "namespace", "labels", "serviceAccount"));

  private PodsFile() {}

  /**
   * The pods in {@code file}, in file order.
   *
   * @throws io.kcap.agent.AgentException with one line per problem
   */
  public static List<PodSpec> read(Path file) {
    YamlFile.Document document = YamlFile.read(file);
    Problems problems = new Problems(document.file());
    document
        .fields()
        .forEach(
            (key, entry) -> {
              if (!key.equals(PODS)) {
                problems.add(entry.line(), key, "unknown field (known: " + PODS + ")");
              } else if (!entry.node().isArray()) {
                problems.add(entry.line(), key, "expected a list of pods like {name: web-1}");
              }
            });
    List<YamlFile.Entry> items = document.items(PODS);
    if (items.isEmpty() && problems.isEmpty()) {
      problems.addFileProblem(
          "no pods; expected `pods:` with a list like {name: web-1, namespace: shop}");
    }
    List<PodSpec> pods = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      YamlFile.Entry item = items.get(i);
      String path = PODS + "[" + i + "]";
      readPod(problems, item, path)
          .ifPresent(
              pod -> {
                String earlier =
                    seen.putIfAbsent(pod.qualifiedName(), path + " (line " + item.line() + ")");
                if (earlier != null) {
                  problems.add(
                      item.line(),
                      path,
                      "duplicate pod " + pod.qualifiedName() + ", first at " + earlier);
                } else {
                  pods.add(pod);
                }
              });
    }
    problems.throwIfAny();
    return List.copyOf(pods);
  }

  private static Optional<PodSpec> readPod(Problems problems, YamlFile.Entry item, String path) {
    Optional<Mapping> mapping = Mapping.of(problems, item, path, ENTRY_KEYS);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    Mapping fields = mapping.get();
    Optional<String> name = fields.requiredString("name");
    String namespace = fields.string("namespace").orElse("default");
    Map<String, String> labels = fields.stringMap("labels");
    String serviceAccount = fields.string("serviceAccount").orElse("default");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    List<String> invalid = PodSpec.problems(namespace, name.get(), labels, serviceAccount);
    if (!invalid.isEmpty()) {
      for (String problem : invalid) {
        problems.add(item.line(), path + " (" + namespace + "/" + name.get() + ")", problem);
      }
      return Optional.empty();
    }
    return Optional.of(new PodSpec(namespace, name.get(), labels, serviceAccount));
  }
}
