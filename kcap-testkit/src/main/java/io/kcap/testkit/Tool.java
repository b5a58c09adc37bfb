package io.kcap.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external programs (tcpdump, tshark, ip, …) for tests and reports what they printed. */
public final class Tool {
  private Tool() {}

  /** What a finished program left behind. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** Fails with the program's output unless it exited 0. */
    public Result orThrow() {
      if (exitCode != 0) {
        throw new IllegalStateException(
            command + " exited " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
      }
      return this;
    }
  }

  /** Runs a command to completion (at most 120 s) and returns its output. */
  public static Result run(String... command) {
    return run(List.of(command));
  }

  public static Result run(List<String> command) {
    try {
      Path out = Files.createTempFile("kcap-tool", ".out");
      Path err = Files.createTempFile("kcap-tool", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(command + " did not finish within 120 s");
        }
        return new Result(
            List.copyOf(command),
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  /** Runs a command that must succeed and returns its standard output. */
  public static String output(String... command) {
    return run(command).orThrow().stdout();
  }
}
