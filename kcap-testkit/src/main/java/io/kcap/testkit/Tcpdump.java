package io.kcap.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tcpdump writing a capture file, started and stopped by a test: the reference that kcap's own
 * capture and filters are compared with.
 */
public final class Tcpdump implements AutoCloseable {
  private final Process process;

  private Tcpdump(Process process) {
    this.process = process;
  }

  /**
   * Starts {@code tcpdump -i IFACE --immediate-mode -B 32768 -w FILE EXPR} (inside {@code host}'s
   * namespace when given) and returns once it is listening.
   *
   * <p>The 32 MiB buffer is for the reference's sake: with libpcap's default of 2 MiB, cut into
   * four blocks at the full snap length, tcpdump dropped a dozen of the 8 KiB TCP segments a veth
   * hands over in a burst whenever the test's JVM kept both CPUs busy, and the comparison failed on
   * packets kcap had recorded.
   */
  public static Tcpdump start(NetnsLab.Host host, String iface, Path file, String... expression) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "tcpdump",
                "-i",
                iface,
                "--immediate-mode",
                "-U",
                "-B",
                "32768",
                "-w",
                file.toString()));
    command.addAll(List.of(expression));
    if (host != null) {
      command = host.inside(command.toArray(String[]::new));
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.contains("listening on")) {
          Thread.ofPlatform().daemon().start(() -> lines.lines().forEach(ignored -> {}));
          return new Tcpdump(process);
        }
      }
      throw new IllegalStateException(command + " ended before listening: " + process.waitFor());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops tcpdump with SIGTERM (it then completes the file) and waits for it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
