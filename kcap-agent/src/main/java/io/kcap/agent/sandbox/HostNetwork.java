package io.kcap.agent.sandbox;

import io.kcap.agent.AgentException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the sandbox needs to know about the host before it plans: its IPv4 routes (the pods' range
 * must not overlap them), the interfaces and network namespaces that exist (names must be free),
 * and whether it forwards IPv4.
 *
 * @param routes every IPv4 route of every table, except default routes
 * @param links the names of the host's interfaces
 * @param netns the names of the named network namespaces ({@code ip netns list})
 * @param ipForward the value of {@code net.ipv4.ip_forward}
 */
public record HostNetwork(
    List<Route> routes, Set<String> links, Set<String> netns, String ipForward) {

  /** One route: its destination and the line {@code ip route} printed, to quote in errors. */
  public record Route(Ipv4Cidr destination, String line) {}

  /** Route types {@code ip route} prints before the destination. */
  private static final Set<String> ROUTE_TYPES =
      Set.of(
          "unicast",
          "local",
          "broadcast",
          "multicast",
          "throw",
          "unreachable",
          "prohibit",
          "blackhole",
          "nat",
          "anycast");

  public HostNetwork {
    routes = List.copyOf(routes);
    links = Set.copyOf(links);
    netns = Set.copyOf(netns);
  }

  /** Asks the host through {@code runner}. */
  public static HostNetwork observe(CommandRunner runner) {
    return new HostNetwork(
        parseRoutes(output(runner, "ip", "-4", "-o", "route", "show", "table", "all")),
        parseLinks(output(runner, "ip", "-o", "link", "show")),
        parseNetns(output(runner, "ip", "netns", "list")),
        output(runner, "sysctl", "-n", "net.ipv4.ip_forward").strip());
  }

  static List<Route> parseRoutes(String ipRouteOutput) {
    List<Route> routes = new ArrayList<>();
    for (String line : ipRouteOutput.lines().map(String::strip).toList()) {
      String[] words = line.split("\\s+");
      if (words.length == 0 || words[0].isEmpty()) {
        continue;
      }
      String destination = ROUTE_TYPES.contains(words[0]) && words.length > 1 ? words[1] : words[0];
      if (destination.equals("default")) {
        continue;
      }
      try {
        routes.add(new Route(Ipv4Cidr.parse(destination), line));
      } catch (IllegalArgumentException e) {
        // Not an IPv4 destination (ip prints none with -4); nothing to overlap.
      }
    }
    return routes;
  }

  static Set<String> parseLinks(String ipLinkOutput) {
    Set<String> links = new LinkedHashSet<>();
    for (String line : ipLinkOutput.lines().toList()) {
      // "7: cali1234567890a@if2: <BROADCAST,...> mtu 1500 ..."
      String[] parts = line.split(":\\s+", 3);
      if (parts.length >= 2) {
        String name = parts[1];
        int at = name.indexOf('@');
        links.add(at >= 0 ? name.substring(0, at) : name);
      }
    }
    return links;
  }

  static Set<String> parseNetns(String ipNetnsOutput) {
    Set<String> names = new LinkedHashSet<>();
    for (String line : ipNetnsOutput.lines().map(String::strip).toList()) {
      if (!line.isEmpty()) {
        names.add(line.split("\\s+")[0]);
      }
    }
    return names;
  }

  private static String output(CommandRunner runner, String... command) {
    CommandRunner.Result result = runner.run(List.of(command));
    if (!result.succeeded()) {
      throw new AgentException("cannot inspect the host network: " + result.describe());
    }
    return result.stdout();
  }
}
