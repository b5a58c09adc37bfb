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
