package io.kcap.cli;

import io.kcap.server.TlsIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test's client of the standalone API, found the way the CLI finds it: the address in {@code
 * api.address}, the token in {@code token}, trusting exactly the state directory's certificate.
 */
final class ApiClient {
  private final HttpClient http;
  private final String base;
  private final String token;

  private ApiClient(HttpClient http, String base, String token) {
    this.http = http;
    this.base = base;
    this.token = token;
  }

  static ApiClient of(Path state) throws IOException {
    String address = Files.readString(state.resolve(StandaloneAgent.ADDRESS_FILE)).strip();
    String token = Files.readString(state.resolve(StandaloneAgent.TOKEN_FILE)).strip();
    HttpClient http =
        HttpClient.newBuilder().sslContext(TlsIdentity.loadOrCreate(state).clientContext()).build();
    return new ApiClient(http, "https://" + address.replace("127.0.0.1", "localhost"), token);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** PUTs a capture given as YAML (the API takes JSON or YAML). */
  HttpResponse<String> put(String namespace, String name, String yaml)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(
                URI.create(
                    base + "/apis/kcap.io/v1/namespaces/" + namespace + "/packetcaptures/" + name))
            .PUT(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8)));
  }

  HttpResponse<byte[]> download(String namespace, String name)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    base + "/packet-capture/download/" + namespace + "/" + name + "/files.zip"))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A capture manifest in {@code namespace} with this spec (YAML, indented by two). */
  static String manifest(String namespace, String name, String spec) {
    return "apiVersion: kcap.io/v1\nkind: PacketCapture\nmetadata:\n  namespace: "
        + namespace
        + "\n  name: "
        + name
        + "\nspec:\n"
        + spec.indent(2);
  }
}
