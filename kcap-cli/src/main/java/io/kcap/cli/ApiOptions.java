package io.kcap.cli;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a command finds the PacketCapture API: {@code --standalone} (or {@code KCAP_STANDALONE=1})
 * for the standalone agent of the state directory, {@code --server} to name its address. Mix it
 * into every command that talks to the API:
 *
 * {@snippet :
 * @Mixin ApiOptions api;
 * try (StandaloneClient client = api.connect("get")) { ... }
 * }
 */
public final class ApiOptions {
  /** The environment variable that selects the standalone agent without {@code --standalone}. */
  public static final String ENVIRONMENT = "KCAP_STANDALONE";

  @Mixin StateDirOption stateDir;

  @Option(
      names = "--standalone",
      description =
          "Talk to the standalone agent of this machine (`kcap agent --standalone`), found"
              + " through the state directory: its address in api.address, its token in token,"
              + " its certificate in tls.p12. Also selected by $"
              + ENVIRONMENT
              + "=1.")
  boolean standalone;

  @Option(
      names = "--server",
      paramLabel = "https://HOST:PORT",
      description =
          "Address of the standalone agent's API when it is not the one in the state directory's"
              + " api.address (default https://"
              + StandaloneClient.DEFAULT_ADDRESS
              + "). The token and certificate still come from the state directory.")
  String server;

  /**
   * A client of the standalone API for {@code command} (named in the error when no mode is chosen).
   */
  StandaloneClient connect(String command) throws IOException {
    if (!standaloneSelected(standalone, System.getenv())) {
      throw new CliException(
          "kcap "
              + command
              + " talks to the standalone agent only (cluster mode through a kubeconfig comes"
              + " next): pass --standalone or set "
              + ENVIRONMENT
              + "=1",
          2);
    }
    return StandaloneClient.connect(stateDir.path(), Optional.ofNullable(server));
  }

  static boolean standaloneSelected(boolean flag, Map<String, String> environment) {
    if (flag) {
      return true;
    }
    String value = environment.getOrDefault(ENVIRONMENT, "").strip();
    return value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes");
  }
}
