package io.kcap.agent.sandbox;

import io.kcap.agent.AgentException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs commands as child processes, with no input, reading both outputs. */
final class ProcessCommandRunner implements CommandRunner {
  private static final long TIMEOUT_SECONDS = 60;

  @Override
  public Result run(List<String> command) {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new AgentException(
          "cannot run "
              + command.getFirst()
              + " (is iproute2/procps installed?): "
              + e.getMessage(),
          e);
    }
    // Both pipes are drained at once so that a chatty command never blocks on a full one.
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    String stdout = readAll(process.getInputStream());
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AgentException(
            "`" + String.join(" ", command) + "` did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(command, process.exitValue(), stdout, stderr.get());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new AgentException("interrupted while running " + String.join(" ", command), e);
    } catch (ExecutionException e) {
      throw new AgentException("cannot read what " + command.getFirst() + " printed", e);
    }
  }

  private static String readAll(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
