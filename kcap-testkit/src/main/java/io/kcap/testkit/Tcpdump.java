package io.kcap.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tcpdump writing a capture file, started and stopped by a test: the reference that kcap's own
 * capture and filters are compared with.
 */
public final class Tcpdump implements AutoCloseable {
  /**
   * The kernel buffer, in KiB. In immediate mode libpcap gives every ring frame room for a whole
   * snapshot (256 KiB), so its default 2 MiB buffer holds eight packets and a burst of TCP on a
   * veth overflowed it: the reference then missed packets kcap had recorded.
   */
  private static final String BUFFER_KIB = "65536";

  private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Thread drain;

  private Tcpdump(Process process, BufferedReader lines) {
    this.process = process;
    this.drain =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    lines.lines().forEach(output::add);
                  } catch (UncheckedIOException e) {
                    // tcpdump was stopped and its output closed: nothing more to read.
                  }
                });
  }

  /**
   * Starts {@code tcpdump -i IFACE --immediate-mode -w FILE EXPR} (inside {@code host}'s namespace
   * when given) and returns once it is listening.
   */
  public static Tcpdump start(NetnsLab.Host host, String iface, Path file, String... expression) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "tcpdump",
                "-i",
                iface,
                "--immediate-mode",
                "-B",
                BUFFER_KIB,
                "-U",
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
          return new Tcpdump(process, lines);
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

  /**
   * Stops tcpdump with SIGTERM (it then completes the file) and waits for it.
   *
   * @throws IllegalStateException when the kernel dropped packets on tcpdump's socket: its file is
   *     then no reference for what was on the wire
   */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      drain.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (String line : output) {
      Matcher dropped = DROPPED.matcher(line);
      if (dropped.find() && !dropped.group(1).equals("0")) {
        throw new IllegalStateException(
            "tcpdump, the reference, reported \"" + line.strip() + "\": its file is incomplete");
      }
    }
  }
}
