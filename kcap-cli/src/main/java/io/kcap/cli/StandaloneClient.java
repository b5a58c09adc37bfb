package io.kcap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kcap.api.PacketCapture;
import io.kcap.server.TlsIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A client of the standalone agent's API (see the standalone API contract): PacketCapture objects
 * under {@code /apis/kcap.io/v1}, their files under Calico's {@code /packet-capture/} routes.
 *
 * <p>It trusts exactly the certificate of the state directory ({@code tls.p12}) and sends the token
 * of {@code token}; every failure becomes one line a user can act on ({@link CliException}).
 */
final class StandaloneClient implements AutoCloseable {
  /** Where the agent serves unless told otherwise ({@code kcap agent --standalone --listen}). */
  static final String DEFAULT_ADDRESS = "127.0.0.1:9443";

  /** The file in which a serving agent leaves its {@code host:port}. */
  static final String ADDRESS_FILE = "api.address";

  static final String TOKEN_FILE = "token";
  static final String CERTIFICATE_FILE = "tls.p12";

  private static final String CAPTURES = "/apis/kcap.io/v1/";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final URI base;
  private final Path stateDir;
  private final String token;
  private final HttpClient http;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  private StandaloneClient(URI base, Path stateDir, String token, HttpClient http) {
    this.base = base;
    this.stateDir = stateDir;
    this.token = token;
    this.http = http;
  }

  /**
   * A client of the agent that keeps its state in {@code stateDir}.
   *
   * @param server {@code https://HOST:PORT}; absent: the address in {@code api.address}, or {@link
   *     #DEFAULT_ADDRESS} when the agent has not written one
   */
  static StandaloneClient connect(Path stateDir, Optional<String> server) throws IOException {
    URI base = server.isPresent() ? serverUri(server.get()) : addressOf(stateDir);
    String token = readSecret(stateDir, TOKEN_FILE, base).strip();
    if (token.isEmpty()) {
      throw new CliException("the API token file " + stateDir.resolve(TOKEN_FILE) + " is empty", 1);
    }
    readSecret(stateDir, CERTIFICATE_FILE, base); // present and readable, or one clear line
    TlsIdentity tls;
    try {
      tls = TlsIdentity.loadOrCreate(stateDir);
    } catch (AccessDeniedException e) {
      throw new CliException(cannotRead(e.getFile()), 1);
    }
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(tls.clientContext())
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    return new StandaloneClient(base, stateDir, token, http);
  }

  /** The API's base address, {@code https://HOST:PORT}. */
  URI base() {
    return base;
  }

  /** Every capture, of one namespace or (empty) of all. */
  List<PacketCapture> list(Optional<String> namespace) throws IOException {
    String path =
        namespace
            .map(ns -> CAPTURES + "namespaces/" + checkNamespace(ns) + "/packetcaptures")
            .orElse(CAPTURES + "packetcaptures");
    HttpResponse<String> response = send(request(path).GET());
    if (response.statusCode() != 200) {
      throw failure(response, "list packet captures");
    }
    JsonNode list = serialization.unmarshal(response.body(), JsonNode.class);
    List<PacketCapture> captures = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      captures.add(serialization.convertValue(item, PacketCapture.class));
    }
    return List.copyOf(captures);
  }

  /** The capture with its status; empty when the agent knows no such capture. */
  Optional<PacketCapture> get(String namespace, String name) throws IOException {
    HttpResponse<String> response = send(request(capturePath(namespace, name)).GET());
    return switch (response.statusCode()) {
      case 200 -> Optional.of(serialization.unmarshal(response.body(), PacketCapture.class));
      case 404 -> notFoundOrFailure(response, "get " + namespace + "/" + name);
      default -> throw failure(response, "get packet capture " + namespace + "/" + name);
    };
  }

  /** What the agent did with a capture it was sent. */
  sealed interface Stored {
    /** The capture was new; {@code capture} is what the agent stored. */
    record Created(PacketCapture capture) implements Stored {}

    /** The capture existed and now has the sent spec. */
    record Updated(PacketCapture capture) implements Stored {}

    /** The agent's validation refused it; one {@code FIELD: message} per line. */
    record Rejected(List<String> violations) implements Stored {
      public Rejected {
        violations = List.copyOf(violations);
      }
    }
  }

  /** Creates or updates {@code capture} (its namespace and name must be set). */
  Stored put(PacketCapture capture) throws IOException {
    String namespace = capture.getMetadata().getNamespace();
    String name = capture.getMetadata().getName();
    String what = "apply packet capture " + namespace + "/" + name;
    HttpResponse<String> response =
        send(
            request(capturePath(namespace, name))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(serialization.asJson(capture))));
    return switch (response.statusCode()) {
      case 201 -> new Stored.Created(serialization.unmarshal(response.body(), PacketCapture.class));
      case 200 -> new Stored.Updated(serialization.unmarshal(response.body(), PacketCapture.class));
      case 422 ->
          new Stored.Rejected(response.body().lines().filter(line -> !line.isBlank()).toList());
      default -> throw failure(response, what);
    };
  }

  /** Deletes the capture (its files stay) and returns it; empty when there was none. */
  Optional<PacketCapture> delete(String namespace, String name) throws IOException {
    String what = "delete packet capture " + namespace + "/" + name;
    HttpResponse<String> response = send(request(capturePath(namespace, name)).DELETE());
    return switch (response.statusCode()) {
      case 200 -> Optional.of(serialization.unmarshal(response.body(), PacketCapture.class));
      case 404 -> notFoundOrFailure(response, what);
      default -> throw failure(response, what);
    };
  }

  /**
   * The zip of every file of the capture ({@code node/file} entries), as a stream the caller
   * closes; empty when the agent knows no such capture. No timeout: a large zip takes its time.
   */
  Optional<InputStream> download(String namespace, String name) throws IOException {
    String what = "download the files of packet capture " + namespace + "/" + name;
    String path =
        "/packet-capture/download/"
            + checkNamespace(namespace)
            + "/"
            + checkName(name)
            + "/files.zip";
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() == 200) {
      return Optional.of(response.body());
    }
    String body;
    try (InputStream in = response.body()) {
      body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
    if (response.statusCode() == 404 && !isUnknownPath(body)) {
      return Optional.empty();
    }
    throw failure(response.statusCode(), body, what);
  }

  /** Deletes every file of the capture and returns how many; empty for an unknown capture. */
  OptionalInt clean(String namespace, String name) throws IOException {
    String what = "clean the files of packet capture " + namespace + "/" + name;
    String path = "/packet-capture/files/" + checkNamespace(namespace) + "/" + checkName(name);
    HttpResponse<String> response = send(request(path).DELETE());
    return switch (response.statusCode()) {
      case 200 -> {
        JsonNode deleted = serialization.unmarshal(response.body(), JsonNode.class).path("deleted");
        if (!deleted.canConvertToInt()) {
          throw new CliException(
              "the kcap agent at "
                  + base
                  + " answered "
                  + what
                  + " without a count: "
                  + firstLine(response.body()),
              1);
        }
        yield OptionalInt.of(deleted.intValue());
      }
      case 404 -> {
        if (isUnknownPath(response.body())) {
          throw failure(response, what);
        }
        yield OptionalInt.empty();
      }
      default -> throw failure(response, what);
    };
  }

  @Override
  public void close() {
    http.close();
  }

  /** Checks a namespace before it goes into a path: an RFC 1123 label. */
  static String checkNamespace(String namespace) {
    if (!LABEL.matcher(namespace).matches()) {
      throw new CliException(
          "invalid namespace \""
              + namespace
              + "\": expected lower-case letters, digits and '-' (an RFC 1123 label, at most 63)",
          2);
    }
    return namespace;
  }

  /** Checks a capture name before it goes into a path: an RFC 1123 subdomain. */
  static String checkName(String name) {
    if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
      throw new CliException(
          "invalid packet capture name \""
              + name
              + "\": expected lower-case letters, digits, '-' and '.' (an RFC 1123 subdomain)",
          2);
    }
    return name;
  }

  private static String capturePath(String namespace, String name) {
    return CAPTURES
        + "namespaces/"
        + checkNamespace(namespace)
        + "/packetcaptures/"
        + checkName(name);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    return send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
      throws IOException {
    try {
      return http.send(request, body);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw notServing();
    } catch (SSLException e) {
      throw new CliException(
          "the server at "
              + base
              + " is not the kcap agent of "
              + stateDir
              + " (it does not present the certificate in "
              + stateDir.resolve(CERTIFICATE_FILE)
              + "): "
              + e.getMessage(),
          1);
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException) {
        throw notServing();
      }
      throw new CliException(
          "lost the connection to the kcap agent at " + base + ": " + describe(e), 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the kcap agent at " + base, 130);
    }
  }

  private CliException notServing() {
    return new CliException(
        "no kcap agent is serving at "
            + base
            + ": start it with `kcap agent --standalone`"
            + (stateDir.equals(StateDirOption.ROOT_DEFAULT) ? "" : " --state-dir " + stateDir),
        1);
  }

  private <T> Optional<T> notFoundOrFailure(HttpResponse<String> response, String what) {
    if (isUnknownPath(response.body())) {
      throw failure(response, what);
    }
    return Optional.empty();
  }

  /** The router's 404 for a path it does not serve, as opposed to a capture it does not know. */
  private static boolean isUnknownPath(String body) {
    return body.startsWith("no such API path");
  }

  private CliException failure(HttpResponse<String> response, String what) {
    return failure(response.statusCode(), response.body(), what);
  }

  private CliException failure(int status, String body, String what) {
    String said = firstLine(body);
    return switch (status) {
      case 401 ->
          new CliException(
              "the kcap agent at "
                  + base
                  + " refused the API token in "
                  + stateDir.resolve(TOKEN_FILE)
                  + " ("
                  + said
                  + "): is the agent using another state directory? Pass its --state-dir",
              1);
      case 403 -> new CliException("not allowed to " + what + ": " + said, 1);
      case 404 ->
          new CliException(
              "the kcap agent at " + base + " cannot " + what + " (" + said + "); is it older?", 1);
      default ->
          new CliException(
              "could not "
                  + what
                  + ": the kcap agent at "
                  + base
                  + " answered "
                  + status
                  + (said.isEmpty() ? "" : ": " + said),
              1);
    };
  }

  private static String firstLine(String body) {
    return body.strip().lines().findFirst().orElse("");
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static URI addressOf(Path stateDir) throws IOException {
    Path file = stateDir.resolve(ADDRESS_FILE);
    String address = DEFAULT_ADDRESS;
    if (Files.exists(file)) {
      try {
        address = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (AccessDeniedException e) {
        throw new CliException(cannotRead(file.toString()), 1);
      }
    }
    try {
      return hostPort(address);
    } catch (IllegalArgumentException e) {
      throw new CliException(file + ": " + e.getMessage(), 1);
    }
  }

  /** {@code host:port}, {@code [v6]:port} or a bare IPv6 address with its port after the last :. */
  static URI hostPort(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException(
          "\"" + address + "\" is not an API address: expected HOST:PORT, like " + DEFAULT_ADDRESS);
    }
    String host = address.substring(0, colon);
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return serverUri("https://" + host + address.substring(colon));
  }

  /** Checks a {@code --server} value: {@code https://HOST:PORT} and nothing else. */
  static URI serverUri(String server) {
    String expected = "expected https://HOST:PORT, like https://" + DEFAULT_ADDRESS;
    URI uri;
    try {
      uri = new URI(server);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid server \"" + server + "\": " + expected, e);
    }
    boolean bare =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && uri.getRawUserInfo() == null;
    if (!"https".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || uri.getPort() < 1
        || uri.getPort() > 65535
        || !bare) {
      throw new IllegalArgumentException("invalid server \"" + server + "\": " + expected);
    }
    return URI.create("https://" + uri.getRawAuthority());
  }

  private static String readSecret(Path stateDir, String fileName, URI base) throws IOException {
    Path file = stateDir.resolve(fileName);
    if (!Files.exists(file)) {
      throw new CliException(
          "no "
              + (fileName.equals(TOKEN_FILE) ? "API token" : "API certificate")
              + " in "
              + file
              + ": the standalone agent makes it when it first starts; start it with `kcap agent"
              + " --standalone`, or pass the --state-dir of the agent serving at "
              + base,
          1);
    }
    try {
      return fileName.equals(TOKEN_FILE) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (AccessDeniedException e) {
      throw new CliException(cannotRead(file.toString()), 1);
    }
  }

  private static String cannotRead(String file) {
    return "cannot read "
        + file
        + ": permission denied (the agent's state is its owner's only; run kcap as that user,"
        + " e.g. with sudo)";
  }
}
