package io.kcap.agent.sandbox;

import java.util.List;

/**
 * Runs the {@code ip} and {@code sysctl} commands that build and remove the sandbox. The sandbox
 * only plans and reads results; tests give it a runner that records commands instead of running
 * them.
 */
@FunctionalInterface
public interface CommandRunner {

  /** Runs {@code command} to completion; a non-zero exit is a result, not an exception. */
  Result run(List<String> command);

  /** The runner that starts real processes. */
  static CommandRunner system() {
    return new ProcessCommandRunner();
  }

  /** How a command ended and what it printed. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public Result {
      command = List.copyOf(command);
    }

    public boolean succeeded() {
      return exitCode == 0;
    }

    /** One line: the command, its exit code and the first line of what it said. */
    public String describe() {
      String said = (stderr.isBlank() ? stdout : stderr).strip().lines().findFirst().orElse("");
      return "`"
          + String.join(" ", command)
          + "` exited "
          + exitCode
          + (said.isEmpty() ? "" : ": " + said);
    }
  }
}
