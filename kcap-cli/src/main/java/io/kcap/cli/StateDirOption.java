package io.kcap.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --state-dir}: where kcap keeps what outlives one command (the sandbox and its endpoint
 * inventory, standalone captures). Mix it into every command that reads or writes that state:
 *
 * {@snippet :
 * @Mixin StateDirOption stateDir;
 * ... stateDir.path() ...
 * }
 */
public final class StateDirOption {
  /** The environment variable that names the state directory when the option is absent. */
  public static final String ENVIRONMENT = "KCAP_STATE_DIR";

  /** The state directory of root, as for other system daemons. */
  public static final Path ROOT_DEFAULT = Path.of("/var/lib/kcap");

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Directory where kcap keeps its state (sandbox, endpoint inventory, standalone"
              + " captures). Default: $"
              + ENVIRONMENT
              + " if set, else /var/lib/kcap for root, else $XDG_STATE_HOME/kcap"
              + " (~/.local/state/kcap).")
  private Path option;

  /** The state directory this command uses. */
  public Path path() {
    return resolve(
        Optional.ofNullable(option),
        System.getenv(),
        isRoot(),
        Path.of(System.getProperty("user.home")));
  }

  static Path resolve(Optional<Path> option, Map<String, String> env, boolean root, Path home) {
    if (option.isPresent()) {
      return option.get();
    }
    String fromEnvironment = env.getOrDefault(ENVIRONMENT, "");
    if (!fromEnvironment.isBlank()) {
      return Path.of(fromEnvironment);
    }
    if (root) {
      return ROOT_DEFAULT;
    }
    String xdg = env.getOrDefault("XDG_STATE_HOME", "");
    return (xdg.isBlank() ? home.resolve(".local/state") : Path.of(xdg)).resolve("kcap");
  }

  private static boolean isRoot() {
    try {
      // /proc/self belongs to the process's effective user.
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
