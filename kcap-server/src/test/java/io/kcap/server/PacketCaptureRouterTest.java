package io.kcap.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcap.api.CaptureFiles;
import io.kcap.api.CaptureState;
import io.kcap.api.ExpressionChecks;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureStatus;
import io.kcap.api.PacketCaptureValidator;
import io.kcap.api.store.FileCaptureStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The PacketCapture routes in memory: no socket, the store in a temporary directory. */
class PacketCaptureRouterTest {
  private static final String TOKEN = "s3cret-token";
  private static final String BASE = "/apis/kcap.io/v1/namespaces/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Rejects selectors containing "bogus" as kcap-selector would reject a bad one. */
  static final ExpressionChecks CHECKS =
      new ExpressionChecks() {
        @Override
        public Optional<String> selectorError(String selector) {
          return selector.contains("bogus")
              ? Optional.of("unexpected \"bogus\"")
              : Optional.empty();
        }

        @Override
        public Optional<String> bpfError(String expression) {
          return Optional.empty();
        }
      };

  @TempDir Path state;
  private FileCaptureStore store;
  private ApiRoutes api;

  @BeforeEach
  void api() {
    store =
        new FileCaptureStore(
            state.resolve("captures"), InstantSource.fixed(Instant.parse("2025-06-01T12:00:00Z")));
    Authenticator auth = new SharedTokenAuthenticator(TOKEN);
    api =
        new ApiRoutes(
            new PacketCaptureRouter(auth, store, new PacketCaptureValidator(CHECKS)),
            new Router(
                auth,
                new DirectoryCatalog(
                    state.resolve("pcap"), "node-a", (ns, name) -> exists(ns, name))));
  }

  private boolean exists(String namespace, String name) {
    try {
      return store.get(namespace, name).isPresent();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ApiResponse call(String method, String path, String body) throws IOException {
    return call(method, path, body, TOKEN);
  }

  private ApiResponse call(String method, String path, String body, String token)
      throws IOException {
    return api.handle(
        new ApiRequest(
            method,
            path,
            token == null ? Map.of() : Map.of("authorization", "Bearer " + token),
            body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String capture(String namespace, String name, String spec) {
    return "{\"apiVersion\":\"kcap.io/v1\",\"kind\":\"PacketCapture\",\"metadata\":{"
        + (namespace == null ? "" : "\"namespace\":\"" + namespace + "\",")
        + "\"name\":\""
        + name
        + "\"},\"spec\":"
        + spec
        + "}";
  }

  private static JsonNode json(ApiResponse response) throws IOException {
    return JSON.readTree(response.bodyText());
  }

  @Test
  void putCreatesWith201AndAnswersTheStoredObject() throws IOException {
    ApiResponse response =
        call(
            "PUT",
            BASE + "shop/packetcaptures/web",
            capture("shop", "web", "{\"selector\":\"app == 'web'\"}"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.headers()).containsEntry("Content-Type", "application/json");
    JsonNode body = json(response);
    assertThat(body.at("/apiVersion").asText()).isEqualTo("kcap.io/v1");
    assertThat(body.at("/kind").asText()).isEqualTo("PacketCapture");
    assertThat(body.at("/metadata/resourceVersion").asText()).isEqualTo("1");
    assertThat(body.at("/metadata/generation").asLong()).isEqualTo(1);
    assertThat(body.at("/metadata/creationTimestamp").asText()).isEqualTo("2025-06-01T12:00:00Z");
    assertThat(body.at("/spec/selector").asText()).isEqualTo("app == 'web'");
    assertThat(store.get("shop", "web")).isPresent();
  }

  @Test
  void putAgainUpdatesTheSpecWith200AndKeepsTheAgentsStatus() throws IOException {
    call("PUT", BASE + "shop/packetcaptures/web", capture("shop", "web", "{}"));
    PacketCapture stored = store.get("shop", "web").orElseThrow();
    CaptureFiles files =
        new CaptureFiles(
            "node-a", "/pcap/shop/web", List.of("a.pcap"), CaptureState.CAPTURING, 1, 2, 0, "");
    store.updateStatus(
        "shop",
        "web",
        stored.getMetadata().getResourceVersion(),
        new PacketCaptureStatus(List.of(files)));

    ApiResponse response =
        call(
            "PUT",
            BASE + "shop/packetcaptures/web",
            capture("shop", "web", "{\"selector\":\"app == 'db'\"}")
                .replace("}}", "},\"status\":{\"files\":[]}}"));

    assertThat(response.status()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(body.at("/metadata/resourceVersion").asText()).isEqualTo("3");
    assertThat(body.at("/status/files/0/node").asText()).isEqualTo("node-a");
    assertThat(body.at("/status/files/0/state").asText()).isEqualTo("Capturing");
    assertThat(store.get("shop", "web").orElseThrow().getSpec().selector()).contains("app == 'db'");
  }

  @Test
  void aBodyWithoutNamespaceTakesThePathsAndACalicoManifestIsStoredAsKcap() throws IOException {
    String calico =
        """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: web
        spec:
          selector: all()
          filters:
          - protocol: TCP
            ports: [80]
        """;

    ApiResponse response = call("PUT", BASE + "shop/packetcaptures/web", calico);

    assertThat(response.status()).isEqualTo(201);
    assertThat(json(response).at("/apiVersion").asText()).isEqualTo("kcap.io/v1");
    assertThat(json(response).at("/metadata/namespace").asText()).isEqualTo("shop");
    assertThat(json(response).at("/spec/filters/0/ports/0").asInt()).isEqualTo(80);
  }

  @Test
  void anInvalidCaptureIsAnswered422WithOneViolationPerLineAndNotStored() throws IOException {
    ApiResponse response =
        call(
            "PUT",
            BASE + "shop/packetcaptures/web",
            capture(
                "shop",
                "web",
                "{\"selector\":\"bogus\",\"filters\":[{\"protocol\":\"TCP\",\"ports\":[70000]}]}"));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.headers()).containsEntry("Content-Type", "text/plain; charset=utf-8");
    assertThat(response.bodyText().lines())
        .hasSize(2)
        .anySatisfy(line -> assertThat(line).startsWith("spec.selector: "))
        .anySatisfy(line -> assertThat(line).startsWith("spec.filters[0].ports[0]: "));
    assertThat(store.get("shop", "web")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"shop,other", "ops,web"})
  void aBodyNamingAnotherCaptureThanThePathIsAnswered400(String namespace, String name)
      throws IOException {
    ApiResponse response =
        call("PUT", BASE + "shop/packetcaptures/web", capture(namespace, name, "{}"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText())
        .isEqualTo(
            "the body names packet capture " + namespace + "/" + name + " but the path shop/web\n");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aBodyThatIsNotJsonOrYamlIsAnswered400() throws IOException {
    ApiResponse response = call("PUT", BASE + "shop/packetcaptures/web", "{\"spec\": [");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).startsWith("the body is not a JSON or YAML PacketCapture: ");
  }

  @Test
  void getAnswersOneCaptureOr404() throws IOException {
    call("PUT", BASE + "shop/packetcaptures/web", capture("shop", "web", "{}"));

    ApiResponse found = call("GET", BASE + "shop/packetcaptures/web", "");
    ApiResponse missing = call("GET", BASE + "shop/packetcaptures/db", "");

    assertThat(found.status()).isEqualTo(200);
    assertThat(json(found).at("/metadata/name").asText()).isEqualTo("web");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.bodyText()).isEqualTo("packet capture shop/db not found\n");
  }

  @Test
  void listsSpanAllNamespacesOrOne() throws IOException {
    call("PUT", BASE + "shop/packetcaptures/web", capture("shop", "web", "{}"));
    call("PUT", BASE + "shop/packetcaptures/db", capture("shop", "db", "{}"));
    call("PUT", BASE + "ops/packetcaptures/probe", capture("ops", "probe", "{}"));

    JsonNode all = json(call("GET", "/apis/kcap.io/v1/packetcaptures", ""));
    JsonNode shop = json(call("GET", BASE + "shop/packetcaptures", ""));
    JsonNode none = json(call("GET", BASE + "empty/packetcaptures", ""));

    assertThat(all.at("/apiVersion").asText()).isEqualTo("kcap.io/v1");
    assertThat(all.at("/kind").asText()).isEqualTo("PacketCaptureList");
    assertThat(all.at("/items").findValuesAsText("name")).containsExactly("probe", "db", "web");
    assertThat(shop.at("/items").findValuesAsText("name")).containsExactly("db", "web");
    assertThat(none.at("/items").size()).isZero();
  }

  @Test
  void deleteAnswersTheDeletedCaptureThen404() throws IOException {
    call(
        "PUT",
        BASE + "shop/packetcaptures/web",
        capture("shop", "web", "{\"selector\":\"all()\"}"));

    ApiResponse deleted = call("DELETE", BASE + "shop/packetcaptures/web", "");
    ApiResponse again = call("DELETE", BASE + "shop/packetcaptures/web", "");

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(json(deleted).at("/spec/selector").asText()).isEqualTo("all()");
    assertThat(again.status()).isEqualTo(404);
    assertThat(store.list()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /apis/kcap.io/v1/packetcaptures",
        "GET /apis/kcap.io/v1/namespaces/shop/packetcaptures",
        "GET /apis/kcap.io/v1/namespaces/shop/packetcaptures/web",
        "PUT /apis/kcap.io/v1/namespaces/shop/packetcaptures/web",
        "DELETE /apis/kcap.io/v1/namespaces/shop/packetcaptures/web"
      })
  void everyRouteWantsTheToken(String route) throws IOException {
    String[] parts = route.split(" ");
    ApiResponse missing = call(parts[0], parts[1], capture("shop", "web", "{}"), null);
    ApiResponse wrong = call(parts[0], parts[1], capture("shop", "web", "{}"), "guess");

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.headers()).containsEntry("WWW-Authenticate", "Bearer");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(store.list()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/apis/kcap.io/v1/namespaces/Shop/packetcaptures/web",
        "/apis/kcap.io/v1/namespaces/shop/packetcaptures/..",
        "/apis/kcap.io/v1/namespaces/shop/packetcaptures/%2e%2e",
        "/apis/kcap.io/v1/namespaces/../packetcaptures",
        "/apis/kcap.io/v1/namespaces/shop/packetcaptures/web_1"
      })
  void namesThatAreNotKubernetesNamesAreAnswered400(String path) throws IOException {
    ApiResponse response = call("GET", path, "");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).startsWith("invalid ");
  }

  @Test
  void otherMethodsAreAnswered405WithWhatIsAllowedAndOtherPaths404() throws IOException {
    ApiResponse post = call("POST", BASE + "shop/packetcaptures", capture("shop", "web", "{}"));
    ApiResponse putList = call("PUT", "/apis/kcap.io/v1/packetcaptures", "");
    ApiResponse unknown = call("GET", "/apis/kcap.io/v1/namespaces/shop/pods", "");

    assertThat(post.status()).isEqualTo(405);
    assertThat(post.headers()).containsEntry("Allow", "GET");
    assertThat(putList.status()).isEqualTo(405);
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void filesOfADeletedCaptureCanStillBeDownloadedThroughTheSameApi() throws IOException {
    call("PUT", BASE + "shop/packetcaptures/web", capture("shop", "web", "{}"));
    java.nio.file.Files.createDirectories(state.resolve("pcap/shop/web"));
    java.nio.file.Files.write(state.resolve("pcap/shop/web/web-1_cali1.pcap"), new byte[] {1});
    call("DELETE", BASE + "shop/packetcaptures/web", "");

    ApiResponse zip = call("GET", "/packet-capture/download/shop/web/files.zip", "");

    assertThat(zip.status()).isEqualTo(200);
    assertThat(zip.headers()).containsEntry("Content-Type", "application/zip");
  }
}
