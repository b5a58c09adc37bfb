package io.kcap.agent.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A host simulated well enough for the sandbox's planning and undoing: it keeps the interfaces,
 * namespaces and {@code ip_forward} that the commands change, and records every command.
 */
final class FakeHost implements CommandRunner {
  final List<List<String>> commands = new ArrayList<>();
  final Set<String> links = new LinkedHashSet<>(List.of("lo", "eth0"));
  final Set<String> netns = new LinkedHashSet<>();
  final List<String> routes =
      new ArrayList<>(
          List.of(
              "default via 192.0.2.1 dev eth0",
              "192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2",
              "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1"));
  String ipForward = "0";
  private Predicate<List<String>> failing = command -> false;

  /** Makes every command that {@code predicate} accepts fail, as a real host would refuse it. */
  FakeHost failOn(Predicate<List<String>> predicate) {
    this.failing = predicate;
    return this;
  }

  @Override
  public Result run(List<String> command) {
    commands.add(command);
    if (failing.test(command)) {
      return new Result(command, 2, "", "RTNETLINK answers: Operation not permitted\n");
    }
    String line = String.join(" ", command);
    if (line.equals("ip -4 -o route show table all")) {
      return ok(command, String.join("\n", routes) + "\n");
    }
    if (line.equals("ip -o link show")) {
      StringBuilder out = new StringBuilder();
      int index = 1;
      for (String link : links) {
        out.append(index++).append(": ").append(link).append(": <UP> mtu 1500\n");
      }
      return ok(command, out.toString());
    }
    if (line.equals("ip netns list")) {
      return ok(command, String.join("\n", netns) + "\n");
    }
    if (line.equals("sysctl -n net.ipv4.ip_forward")) {
      return ok(command, ipForward + "\n");
    }
    if (line.startsWith("sysctl -q -w net.ipv4.ip_forward=")) {
      ipForward = line.substring(line.indexOf('=') + 1);
      return ok(command, "");
    }
    if (line.startsWith("ip netns add ")) {
      return netns.add(command.get(3)) ? ok(command, "") : exists(command);
    }
    if (line.startsWith("ip netns del ")) {
      return netns.remove(command.get(3)) ? ok(command, "") : missing(command);
    }
    if (line.startsWith("ip link add ")) {
      return links.add(command.get(3)) ? ok(command, "") : exists(command);
    }
    if (line.startsWith("ip link del ")) {
      return links.remove(command.get(3)) ? ok(command, "") : missing(command);
    }
    return ok(command, "");
  }

  /** The commands run so far, each as one line. */
  List<String> lines() {
    return commands.stream().map(c -> String.join(" ", c)).toList();
  }

  private static Result ok(List<String> command, String stdout) {
    return new Result(command, 0, stdout, "");
  }

  private static Result exists(List<String> command) {
    return new Result(command, 2, "", "RTNETLINK answers: File exists\n");
  }

  private static Result missing(List<String> command) {
    return new Result(command, 1, "", "Cannot find device \"" + command.get(3) + "\"\n");
  }
}
