package io.kcap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {
  @TempDir static Path sharedTls;

  @Test
  void servesAZipOverHttpsToAClientThatTrustsOnlyTheStateDirectorysCertificate(
      @TempDir Path stateDir) throws Exception {
    Path captureDir = Files.createDirectories(stateDir.resolve("pcap/shop/big"));
    byte[] content = new byte[24 << 20];
    new Random(7).nextBytes(content);
    Files.write(captureDir.resolve("web-1_cali0123456789a.pcap"), content);
    String token = BearerToken.loadOrCreate(stateDir.resolve("token"));
    TlsIdentity tls = TlsIdentity.loadOrCreate(stateDir);
    Router router =
        new Router(
            new SharedTokenAuthenticator(token),
            new DirectoryCatalog(stateDir.resolve("pcap"), "node-a", (ns, name) -> false));

    try (ApiServer server =
        ApiServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            tls.serverContext(),
            router)) {
      HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
      URI uri =
          URI.create(
              "https://localhost:"
                  + server.address().getPort()
                  + "/packet-capture/download/shop/big/files.zip");

      HttpResponse<InputStream> response =
          client.send(
              HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
      try (var zip = new ZipInputStream(response.body())) {
        var entry = zip.getNextEntry();
        assertThat(entry.getName()).isEqualTo("node-a/web-1_cali0123456789a.pcap");
        assertThat(sha256(zip)).isEqualTo(HexFormat.of().formatHex(digest(content)));
        assertThat(zip.getNextEntry()).isNull();
      }

      HttpResponse<String> denied =
          client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(denied.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void theTokenFileIsReadableByItsOwnerOnlyAndKeptAcrossRestarts(@TempDir Path stateDir)
      throws Exception {
    Path file = stateDir.resolve("token");
    String first = BearerToken.loadOrCreate(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(first).hasSizeGreaterThanOrEqualTo(43);
    assertThat(BearerToken.loadOrCreate(file)).isEqualTo(first);
  }

  @Test
  void putsAndGetsACaptureOverHttpsAndRefusesAnOversizedBody(@TempDir Path stateDir)
      throws Exception {
    String token = BearerToken.loadOrCreate(stateDir.resolve("token"));
    TlsIdentity tls = TlsIdentity.loadOrCreate(sharedTls);
    var store = io.kcap.api.store.FileCaptureStore.in(stateDir);
    Authenticator auth = new SharedTokenAuthenticator(token);
    ApiRoutes routes =
        new ApiRoutes(
            new PacketCaptureRouter(
                auth,
                store,
                new io.kcap.api.PacketCaptureValidator(PacketCaptureRouterTest.CHECKS)),
            new Router(auth, new DirectoryCatalog(stateDir.resolve("pcap"), "n", (a, b) -> false)));

    try (ApiServer server =
        ApiServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            tls.serverContext(),
            routes)) {
      HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
      URI uri =
          URI.create(
              "https://localhost:"
                  + server.address().getPort()
                  + "/apis/kcap.io/v1/namespaces/shop/packetcaptures/web");
      String body =
          "{\"apiVersion\":\"kcap.io/v1\",\"kind\":\"PacketCapture\","
              + "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},"
              + "\"spec\":{\"selector\":\"app == 'web'\"}}";

      HttpResponse<String> put =
          client.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> get =
          client.send(
              HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> huge =
          client.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", "Bearer " + token)
                  .PUT(
                      HttpRequest.BodyPublishers.ofByteArray(
                          new byte[ApiRequest.MAX_BODY_BYTES + 1]))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(put.statusCode()).isEqualTo(201);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).contains("\"selector\":\"app == 'web'\"");
      assertThat(store.get("shop", "web")).isPresent();
      assertThat(huge.statusCode()).isEqualTo(413);
    }
  }

  @Test
  void anAddressInUseIsOneLineThatSaysWhatToDo() throws Exception {
    // Any certificate will do; making one with keytool takes seconds, so take the shared one.
    TlsIdentity tls = TlsIdentity.loadOrCreate(sharedTls);
    ApiHandler nothing = request -> ApiResponse.text(404, "none");
    try (ApiServer first =
        ApiServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            tls.serverContext(),
            nothing)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> ApiServer.start(first.address(), tls.serverContext(), nothing))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining(":" + first.address().getPort() + ": ")
          .hasMessageContaining("--listen");
    }
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[65536];
    for (int n; (n = in.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static byte[] digest(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }
}
