package io.kcap.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces joined by a veth pair: a small private network that tests own.
 *
 * <p>Host {@code a} has 10.201.0.1/24 and fd00:201::1/64, host {@code b} has .2 and ::2. Names
 * carry a random suffix so that labs of tests running at the same time never meet; closing the lab
 * deletes the namespaces, which also removes the veth pair.
 *
 * {@snippet :
 * try (NetnsLab lab = NetnsLab.create()) {
 *   lab.a().run("ping", "-c", "1", lab.b().ipv4());
 * }
 * }
 */
public final class NetnsLab implements AutoCloseable {
  private final Host a;
  private final Host b;

  /** One end of the lab: a namespace, its veth interface and its addresses. */
  public record Host(String netns, String iface, String ipv4, String ipv6) {
    /** The command prefix that runs a program inside this host's namespace. */
    public List<String> inside(String... command) {
      List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
      full.addAll(List.of(command));
      return full;
    }

    public Tool.Result run(String... command) {
      return Tool.run(inside(command));
    }

    /** Starts a program inside the namespace without waiting for it. */
    public Process start(String... command) {
      try {
        return new ProcessBuilder(inside(command))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true)
            .start();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private NetnsLab(Host a, Host b) {
    this.a = a;
    this.b = b;
  }

  /** Builds the namespaces, the veth pair and the addresses; IPv6 is usable on return. */
  public static NetnsLab create() {
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    Host a = new Host("kcap-a-" + suffix, "kv" + suffix + "a", "10.201.0.1", "fd00:201::1");
    Host b = new Host("kcap-b-" + suffix, "kv" + suffix + "b", "10.201.0.2", "fd00:201::2");
    NetnsLab lab = new NetnsLab(a, b);
    try {
      for (Host host : List.of(a, b)) {
        Tool.output("ip", "netns", "add", host.netns());
      }
      Tool.output("ip", "link", "add", a.iface(), "type", "veth", "peer", "name", b.iface());
      for (Host host : List.of(a, b)) {
        Tool.output("ip", "link", "set", host.iface(), "netns", host.netns());
        host.run("ip", "addr", "add", host.ipv4() + "/24", "dev", host.iface()).orThrow();
        host.run("ip", "-6", "addr", "add", host.ipv6() + "/64", "dev", host.iface(), "nodad")
            .orThrow();
        host.run("ip", "link", "set", host.iface(), "up").orThrow();
        host.run("ip", "link", "set", "lo", "up").orThrow();
      }
      return lab;
    } catch (RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  public Host a() {
    return a;
  }

  public Host b() {
    return b;
  }

  @Override
  public void close() {
    for (Host host : List.of(a, b)) {
      Tool.run("ip", "netns", "del", host.netns());
    }
    Tool.run("ip", "link", "del", a.iface());
  }
}
