package io.kcap.agent.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcap.agent.internal.Mapping;
import io.kcap.agent.internal.Problems;
import io.kcap.agent.internal.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code kcap sandbox up} made, kept in {@code sandbox.yaml} in the state directory so that
 * {@code down} can remove exactly that. It is written before anything is made, so that {@code down}
 * also cleans up after an {@code up} that was killed half way.
 *
 * @param cidr the range the pods' addresses came from
 * @param ipForwardBefore {@code net.ipv4.ip_forward} before the sandbox turned it on, restored by
 *     {@code down}
 * @param pods the pods, in the order of the pods file
 */
public record SandboxState(Ipv4Cidr cidr, String ipForwardBefore, List<SandboxPod> pods) {
  /** The file's name in the state directory. */
  public static final String FILE_NAME = "sandbox.yaml";

  private static final Set<String> TOP_KEYS =
      new LinkedHashSet<>(List.of("cidr", "ipForwardBefore", "pods"));
  private static final Set<String> POD_KEYS =
      new LinkedHashSet<>(
          List.of("namespace", "name", "labels", "serviceAccount", "ip", "interface", "netns"));

  public SandboxState {
    Objects.requireNonNull(cidr, "cidr");
    Objects.requireNonNull(ipForwardBefore, "ipForwardBefore");
    pods = List.copyOf(pods);
  }

  /** The pod {@code namespace/name}, if the sandbox has it. */
  public Optional<SandboxPod> find(String namespace, String name) {
    return pods.stream()
        .filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
        .findFirst();
  }

  /** The pods' specs, to compare with what a pods file asks for. */
  public List<PodSpec> specs() {
    return pods.stream().map(SandboxPod::spec).toList();
  }

  public static Path in(Path stateDirectory) {
    return stateDirectory.resolve(FILE_NAME);
  }

  /** The sandbox recorded in {@code file}, or nothing when there is no such file. */
  static Optional<SandboxState> readIfPresent(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    YamlFile.Document document = YamlFile.read(file);
    Problems problems = new Problems(document.file());
    Mapping top = Mapping.of(problems, document.root(), "", TOP_KEYS).orElseThrow();
    Optional<Ipv4Cidr> cidr = top.required("cidr", Ipv4Cidr::parse);
    Optional<String> ipForward = top.requiredString("ipForwardBefore");
    List<SandboxPod> pods = new ArrayList<>();
    List<YamlFile.Entry> items = document.items("pods");
    for (int i = 0; i < items.size(); i++) {
      String path = "pods[" + i + "]";
      YamlFile.Entry item = items.get(i);
      Mapping.of(problems, item, path, POD_KEYS)
          .ifPresent(pod -> readPod(problems, item, path, pod).ifPresent(pods::add));
    }
    problems.throwIfAny();
    // A missing field was reported as a problem just above.
    return Optional.of(new SandboxState(cidr.orElseThrow(), ipForward.orElseThrow(), pods));
  }

  private static Optional<SandboxPod> readPod(
      Problems problems, YamlFile.Entry item, String path, Mapping fields) {
    Optional<String> namespace = fields.requiredString("namespace");
    Optional<String> name = fields.requiredString("name");
    Map<String, String> labels = fields.stringMap("labels");
    String serviceAccount = fields.string("serviceAccount").orElse("default");
    Optional<String> ip = fields.requiredString("ip");
    Optional<String> iface = fields.requiredString("interface");
    Optional<String> netns = fields.requiredString("netns");
    if (namespace.isEmpty()
        || name.isEmpty()
        || ip.isEmpty()
        || iface.isEmpty()
        || netns.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new SandboxPod(
              new PodSpec(namespace.get(), name.get(), labels, serviceAccount),
              ip.get(),
              iface.get(),
              netns.get()));
    } catch (IllegalArgumentException e) {
      problems.add(item.line(), path, e.getMessage());
      return Optional.empty();
    }
  }

  void write(Path file) {
    ObjectNode root = YamlFile.newMapping();
    root.put("cidr", cidr.toString());
    root.put("ipForwardBefore", ipForwardBefore);
    ArrayNode list = root.putArray("pods");
    for (SandboxPod pod : pods) {
      ObjectNode entry = list.addObject();
      entry.put("namespace", pod.namespace());
      entry.put("name", pod.name());
      ObjectNode labels = entry.putObject("labels");
      pod.spec().labels().forEach(labels::put);
      entry.put("serviceAccount", pod.spec().serviceAccount());
      entry.put("ip", pod.ip());
      entry.put("interface", pod.interfaceName());
      entry.put("netns", pod.netns());
    }
    YamlFile.write(
        file,
        "# Made by `kcap sandbox up`; `kcap sandbox down` removes everything listed here.\n",
        root);
  }
}
