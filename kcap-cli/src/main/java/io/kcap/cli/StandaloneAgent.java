package io.kcap.cli;

import io.kcap.agent.MetricsServer;
import io.kcap.agent.NodeAgent;
import io.kcap.agent.NodeSettings;
import io.kcap.agent.SessionRunner;
import io.kcap.agent.endpoint.Inventory;
import io.kcap.agent.endpoint.InventoryEndpointSource;
import io.kcap.api.PacketCaptureValidator;
import io.kcap.api.store.FileCaptureStore;
import io.kcap.server.ApiRoutes;
import io.kcap.server.ApiServer;
import io.kcap.server.Authenticator;
import io.kcap.server.BearerToken;
import io.kcap.server.DirectoryCatalog;
import io.kcap.server.PacketCaptureRouter;
import io.kcap.server.Router;
import io.kcap.server.SharedTokenAuthenticator;
import io.kcap.server.TlsIdentity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The standalone node in one process: the agent capturing the sandbox's pods (endpoints from {@code
 * <state>/inventory.yaml}) for the captures in {@code <state>/captures/}, the HTTPS API over that
 * store and the capture directory, and the metrics listener.
 *
 * <p>Once the API serves, {@code <state>/api.address} holds its {@code host:port}; the token is in
 * {@code <state>/token} and the certificate in {@code <state>/tls.p12}. Tests and the demo start it
 * in-process:
 *
 * {@snippet :
 * var config = StandaloneAgent.Config.defaults(stateDir).withListen(new InetSocketAddress("127.0.0.1", 0));
 * try (StandaloneAgent agent = StandaloneAgent.start(config)) {
 *   InetSocketAddress api = agent.apiAddress();
 *   // PUT /apis/kcap.io/v1/namespaces/shop/packetcaptures/web with Bearer <state>/token ...
 * } // every session stopped, files complete
 * }
 */
public final class StandaloneAgent implements AutoCloseable {
  /** The file that tells clients where the API serves. */
  public static final String ADDRESS_FILE = "api.address";

  public static final String TOKEN_FILE = "token";

  private final List<AutoCloseable> parts;
  private final ApiServer api;
  private final MetricsServer metrics;
  private final Path addressFile;
  private boolean closed;

  private StandaloneAgent(
      List<AutoCloseable> parts, ApiServer api, MetricsServer metrics, Path addressFile) {
    this.parts = parts;
    this.api = api;
    this.metrics = metrics;
    this.addressFile = addressFile;
  }

  /**
   * @param stateDirectory the sandbox, store, token and certificate live here
   * @param listen the API's HTTPS address; port 0 picks a free one
   * @param metricsListen the plain-HTTP metrics address; port 0 picks a free one
   * @param settings the node's capture settings
   */
  public record Config(
      Path stateDirectory,
      InetSocketAddress listen,
      InetSocketAddress metricsListen,
      NodeSettings settings) {
    public static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress("127.0.0.1", 9443);
    public static final InetSocketAddress DEFAULT_METRICS_LISTEN =
        new InetSocketAddress("127.0.0.1", 9091);

    public Config {
      Objects.requireNonNull(stateDirectory, "stateDirectory");
      Objects.requireNonNull(listen, "listen");
      Objects.requireNonNull(metricsListen, "metricsListen");
      Objects.requireNonNull(settings, "settings");
    }

    /** The defaults: this host's name, files in {@code <state>/pcap}, ports 9443 and 9091. */
    public static Config defaults(Path stateDirectory) {
      return new Config(
          stateDirectory,
          DEFAULT_LISTEN,
          DEFAULT_METRICS_LISTEN,
          NodeSettings.standalone(io.kcap.agent.sandbox.Sandbox.localNode(), stateDirectory));
    }

    public Config withListen(InetSocketAddress address) {
      return new Config(stateDirectory, address, metricsListen, settings);
    }

    public Config withMetricsListen(InetSocketAddress address) {
      return new Config(stateDirectory, listen, address, settings);
    }

    public Config withSettings(NodeSettings nodeSettings) {
      return new Config(stateDirectory, listen, metricsListen, nodeSettings);
    }
  }

  /** Starts with the live capture engine. */
  public static StandaloneAgent start(Config config) throws IOException {
    return start(config, LiveCapture.runner());
  }

  /**
   * Starts serving and capturing; what could not start is closed again before this throws.
   *
   * @throws IOException when an address is in use or the state directory cannot be written
   */
  public static StandaloneAgent start(Config config, SessionRunner runner) throws IOException {
    Path state = config.stateDirectory();
    Files.createDirectories(state);
    FileCaptureStore store = FileCaptureStore.in(state);
    Authenticator auth =
        new SharedTokenAuthenticator(BearerToken.loadOrCreate(state.resolve(TOKEN_FILE)));
    TlsIdentity tls = TlsIdentity.loadOrCreate(state);
    NodeSettings settings = config.settings();
    CompilerChecks checks = new CompilerChecks();
    ApiRoutes routes =
        new ApiRoutes(
            new PacketCaptureRouter(auth, store, new PacketCaptureValidator(checks)),
            new Router(
                auth,
                new DirectoryCatalog(
                    settings.captureDirectory(),
                    settings.node(),
                    (namespace, name) -> exists(store, namespace, name))));
    List<AutoCloseable> started = new ArrayList<>();
    try {
      // Bind first: an address in use fails before any capture starts.
      ApiServer api = ApiServer.start(config.listen(), tls.serverContext(), routes);
      started.add(api);
      NodeAgent agent =
          NodeAgent.start(
              settings,
              store,
              new InventoryEndpointSource(Inventory.in(state), settings.node()),
              runner,
              InstantSource.system());
      started.add(agent);
      MetricsServer metrics =
          MetricsServer.start(config.metricsListen(), agent.metrics()::exposition);
      started.add(metrics);
      Path addressFile = state.resolve(ADDRESS_FILE);
      writeAtomically(addressFile, ListenAddress.format(api.address()) + "\n");
      // Closed in this order: no more requests, then captures stopped, then metrics.
      return new StandaloneAgent(List.of(api, agent, metrics), api, metrics, addressFile);
    } catch (IOException | RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  public InetSocketAddress apiAddress() {
    return api.address();
  }

  public InetSocketAddress metricsAddress() {
    return metrics.address();
  }

  /**
   * Stops serving, stops every session (each file complete, final counters in the status) and
   * removes {@code api.address}. Safe to call twice.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Files.deleteIfExists(addressFile);
    } catch (IOException e) {
      // A stale address only makes clients fail to connect, which they report.
    }
    closeAll(parts);
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        java.util.logging.Logger.getLogger(StandaloneAgent.class.getName())
            .warning("could not close " + part + ": " + e);
      }
    }
  }

  private static boolean exists(FileCaptureStore store, String namespace, String name) {
    try {
      return store.get(namespace, name).isPresent();
    } catch (IOException e) {
      return true; // a damaged capture file still names a capture whose files may be fetched
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
