package io.kcap.agent.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Linux capabilities this process holds (the {@code CapEff} line of {@code /proc/self/status}),
 * to tell a user without them one clear line instead of a failing {@code ip} command.
 *
 * @param effective the effective set, bit {@code n} for capability {@code n}
 */
public record Capabilities(long effective) {
  /** Bit of {@code CAP_NET_ADMIN} (linux/capability.h): interfaces, addresses, routes. */
  public static final int NET_ADMIN = 12;

  /** Bit of {@code CAP_NET_RAW}: packet sockets, which every capture opens. */
  public static final int NET_RAW = 13;

  /** Bit of {@code CAP_SYS_ADMIN}: creating and entering network namespaces. */
  public static final int SYS_ADMIN = 21;

  /** The capabilities of this process; none if they cannot be read. */
  public static Capabilities ofThisProcess() {
    try {
      return parse(Files.readString(Path.of("/proc/self/status")));
    } catch (IOException | IllegalArgumentException e) {
      return new Capabilities(0);
    }
  }

  /** Reads the {@code CapEff:} line of a {@code /proc/PID/status} text. */
  public static Capabilities parse(String procStatus) {
    return procStatus
        .lines()
        .filter(line -> line.startsWith("CapEff:"))
        .findFirst()
        .map(line -> new Capabilities(Long.parseUnsignedLong(line.substring(7).strip(), 16)))
        .orElseThrow(() -> new IllegalArgumentException("no CapEff line in the process status"));
  }

  public boolean has(int capability) {
    return (effective >>> capability & 1) == 1;
  }

  /** Whether this process can capture: packet sockets, and promiscuous mode on interfaces. */
  public boolean canCapture() {
    return has(NET_RAW) && has(NET_ADMIN);
  }

  /** Whether the sandbox can be made, removed and entered: both capabilities it needs. */
  public boolean canManageSandbox() {
    return List.of(NET_ADMIN, SYS_ADMIN).stream().allMatch(this::has);
  }
}
