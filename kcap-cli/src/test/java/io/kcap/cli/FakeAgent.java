package io.kcap.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureValidator;
import io.kcap.api.Violation;
import io.kcap.server.ApiRequest;
import io.kcap.server.ApiResponse;
import io.kcap.server.BearerToken;
import io.kcap.server.DirectoryCatalog;
import io.kcap.server.Router;
import io.kcap.server.SharedTokenAuthenticator;
import io.kcap.server.TlsIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The standalone API for tests, until the agent's own CRUD routes are on main: the contract's
 * {@code /apis/kcap.io/v1} routes over an in-memory store, and kcap-server's real {@link Router}
 * (with a {@link DirectoryCatalog} over {@code <state>/pcap}) for the download and clean routes,
 * served over HTTPS with the state directory's certificate and token, its address written to {@code
 * <state>/api.address} as the agent writes it.
 */
final class FakeAgent implements AutoCloseable {
  static final String NODE = "node-a";
  private static final String CAPTURES = "/apis/kcap.io/v1/";

  private final String token;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final Router router;
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final PacketCaptureValidator validator = new PacketCaptureValidator(new CompilerChecks());
  private final Map<String, PacketCapture> store = new ConcurrentHashMap<>();
  private final AtomicLong resourceVersion = new AtomicLong();
  private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile List<String> rejection = List.of();

  private final InstantSource clock;

  private FakeAgent(Path stateDir, InstantSource clock) throws IOException {
    this.clock = clock;
    this.token = BearerToken.loadOrCreate(stateDir.resolve("token"));
    TlsIdentity tls = TlsIdentity.loadOrCreate(stateDir);
    this.router =
        new Router(
            new SharedTokenAuthenticator(token),
            new DirectoryCatalog(
                stateDir.resolve("pcap"), NODE, (ns, name) -> store.containsKey(key(ns, name))));
    this.server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::serve);
  }

  /** Starts serving on a free loopback port and writes {@code api.address}. */
  static FakeAgent start(Path stateDir) throws IOException {
    FakeAgent agent = new FakeAgent(stateDir, InstantSource.system());
    agent.server.start();
    Files.writeString(
        stateDir.resolve("api.address"),
        "127.0.0.1:" + agent.port() + "\n",
        StandardCharsets.UTF_8);
    return agent;
  }

  int port() {
    return server.getAddress().getPort();
  }

  String token() {
    return token;
  }

  /** {@code METHOD path} of every request served, in order. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  Optional<PacketCapture> stored(String namespace, String name) {
    return Optional.ofNullable(store.get(key(namespace, name)));
  }

  /** Refuses every following PUT with these violation lines, as a stricter agent would. */
  void rejectWith(List<String> violationLines) {
    this.rejection = List.copyOf(violationLines);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private String nextVersion() {
    return Long.toString(resourceVersion.incrementAndGet());
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = exchange.getRequestURI().getRawPath();
      requests.add(method + " " + path);
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
      ApiRequest request = new ApiRequest(method, path, headers);
      ApiResponse response =
          path.startsWith(CAPTURES)
              ? captures(request, new String(body, StandardCharsets.UTF_8))
              : router.handle(request);
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      long length = response.length().orElse(0);
      if (response.length().isPresent() && length == 0) {
        length = -1;
      }
      exchange.sendResponseHeaders(response.status(), length);
      try (OutputStream out = exchange.getResponseBody()) {
        response.body().writeTo(out);
      }
    }
  }

  private ApiResponse captures(ApiRequest request, String body) {
    if (!request.bearerToken().equals(Optional.of(token))) {
      return ApiResponse.text(401, "invalid bearer token");
    }
    String[] parts = request.path().substring(CAPTURES.length()).split("/", -1);
    if (parts.length == 1 && parts[0].equals("packetcaptures") && request.method().equals("GET")) {
      return list(store.values().stream().toList());
    }
    if (parts.length < 3 || !parts[0].equals("namespaces") || !parts[2].equals("packetcaptures")) {
      return ApiResponse.text(404, "no such API path: " + request.method() + " " + request.path());
    }
    String namespace = parts[1];
    if (parts.length == 3 && request.method().equals("GET")) {
      return list(
          store.values().stream()
              .filter(c -> c.getMetadata().getNamespace().equals(namespace))
              .toList());
    }
    if (parts.length != 4) {
      return ApiResponse.text(404, "no such API path: " + request.method() + " " + request.path());
    }
    String name = parts[3];
    String key = key(namespace, name);
    return switch (request.method()) {
      case "GET" -> {
        PacketCapture capture = store.get(key);
        yield capture == null
            ? notFound(namespace, name)
            : ApiResponse.json(200, serialization.asJson(capture));
      }
      case "DELETE" -> {
        PacketCapture removed = store.remove(key);
        yield removed == null
            ? notFound(namespace, name)
            : ApiResponse.json(200, serialization.asJson(removed));
      }
      case "PUT" -> put(namespace, name, body);
      default ->
          ApiResponse.text(404, "no such API path: " + request.method() + " " + request.path());
    };
  }

  private ApiResponse put(String namespace, String name, String body) {
    PacketCapture sent = serialization.unmarshal(body, PacketCapture.class);
    if (!namespace.equals(sent.getMetadata().getNamespace())
        || !name.equals(sent.getMetadata().getName())) {
      return ApiResponse.text(400, "the body's namespace and name are not the path's");
    }
    List<Violation> violations = validator.validate(sent);
    if (!rejection.isEmpty()) {
      return ApiResponse.text(422, String.join("\n", rejection));
    }
    if (!violations.isEmpty()) {
      StringBuilder lines = new StringBuilder();
      violations.forEach(v -> lines.append(v).append('\n'));
      return ApiResponse.text(422, lines.toString().strip());
    }
    PacketCapture existing = store.get(key(namespace, name));
    PacketCapture stored = serialization.clone(sent);
    stored.setStatus(existing == null ? null : existing.getStatus());
    stored.getMetadata().setResourceVersion(nextVersion());
    if (existing == null) {
      stored
          .getMetadata()
          .setCreationTimestamp(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
      stored.getMetadata().setGeneration(1L);
    } else {
      stored.getMetadata().setCreationTimestamp(existing.getMetadata().getCreationTimestamp());
      long generation = existing.getMetadata().getGeneration();
      stored
          .getMetadata()
          .setGeneration(existing.getSpec().equals(sent.getSpec()) ? generation : generation + 1);
    }
    store.put(key(namespace, name), stored);
    return ApiResponse.json(existing == null ? 201 : 200, serialization.asJson(stored));
  }

  private ApiResponse list(List<PacketCapture> items) {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", PacketCapture.API_VERSION);
    list.put("kind", "PacketCaptureList");
    list.put("items", items);
    return ApiResponse.json(200, serialization.asJson(list));
  }

  private static ApiResponse notFound(String namespace, String name) {
    return ApiResponse.text(404, "packet capture " + namespace + "/" + name + " not found");
  }
}
