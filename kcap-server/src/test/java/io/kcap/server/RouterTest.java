package io.kcap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {
  private static final String TOKEN = "s3cret-token";

  @TempDir Path captureDir;
  private Router router;

  @BeforeEach
  void captureWithTwoFiles() throws IOException {
    Path dir = Files.createDirectories(captureDir.resolve("shop").resolve("web-capture"));
    Files.write(dir.resolve("web-1_cali0123456789a.pcap"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("web-1_cali0123456789a.pcap.1700000000"), new byte[] {4, 5});
    Set<String> existing = Set.of("shop/web-capture", "shop/empty-capture");
    router =
        new Router(
            new SharedTokenAuthenticator(TOKEN),
            new DirectoryCatalog(
                captureDir, "node-a", (ns, name) -> existing.contains(ns + "/" + name)));
  }

  private static ApiRequest request(String method, String path, String token) {
    return new ApiRequest(
        method, path, token == null ? Map.of() : Map.of("authorization", "Bearer " + token));
  }

  @Test
  void downloadZipsEveryFileOfTheCaptureAsNodeSlashFile() throws IOException {
    ApiResponse response =
        router.handle(request("GET", "/packet-capture/download/shop/web-capture/files.zip", TOKEN));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers()).containsEntry("Content-Type", "application/zip");
    assertThat(response.length()).as("streamed, so no length up front").isEmpty();
    assertThat(unzip(response))
        .containsExactly(
            Map.entry("node-a/web-1_cali0123456789a.pcap", "010203"),
            Map.entry("node-a/web-1_cali0123456789a.pcap.1700000000", "0405"));
  }

  @Test
  void aKnownCaptureWithoutFilesDownloadsAnEmptyZip() throws IOException {
    ApiResponse response =
        router.handle(
            request("GET", "/packet-capture/download/shop/empty-capture/files.zip", TOKEN));

    assertThat(response.status()).isEqualTo(200);
    assertThat(unzip(response)).isEmpty();
  }

  @Test
  void filesOfADeletedCaptureCanStillBeDownloaded() throws IOException {
    Files.createDirectories(captureDir.resolve("shop").resolve("gone"));
    Files.write(captureDir.resolve("shop/gone/db-1_cali00000000000.pcap"), new byte[] {9});

    ApiResponse response =
        router.handle(request("GET", "/packet-capture/download/shop/gone/files.zip", TOKEN));

    assertThat(response.status()).isEqualTo(200);
    assertThat(unzip(response)).containsOnlyKeys("node-a/db-1_cali00000000000.pcap");
  }

  @Test
  void aMissingTokenIsAnsweredWith401AndABearerChallenge() throws IOException {
    ApiResponse response =
        router.handle(request("GET", "/packet-capture/download/shop/web-capture/files.zip", null));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer");
    assertThat(response.bodyText()).isEqualTo("missing bearer token\n");
  }

  @Test
  void aWrongTokenIsAnsweredWith401AndDeletesNothing() throws IOException {
    ApiResponse response =
        router.handle(request("DELETE", "/packet-capture/files/shop/web-capture", "guess"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.bodyText()).isEqualTo("invalid bearer token\n");
    assertThat(captureDir.resolve("shop/web-capture")).isDirectoryContaining("glob:**.pcap");
  }

  @Test
  void anUnknownCaptureIsAnsweredWith404() throws IOException {
    ApiResponse response =
        router.handle(request("GET", "/packet-capture/download/shop/nothing/files.zip", TOKEN));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.bodyText()).isEqualTo("packet capture shop/nothing not found\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/packet-capture/download/shop/../files.zip",
        "/packet-capture/download/../web-capture/files.zip",
        "/packet-capture/download/shop/%2e%2e/files.zip",
        "/packet-capture/download/shop/..%2f..%2fetc/files.zip",
        "/packet-capture/download/Shop/web-capture/files.zip",
        "/packet-capture/download/shop/web_capture/files.zip",
        "/packet-capture/download/shop//files.zip"
      })
  void namesThatAreNotKubernetesNamesAreAnsweredWith400(String path) throws IOException {
    ApiResponse response = router.handle(request("GET", path, TOKEN));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).startsWith("invalid ");
  }

  @Test
  void deleteRemovesEveryFileAndCountsThem() throws IOException {
    ApiResponse response =
        router.handle(request("DELETE", "/packet-capture/files/shop/web-capture", TOKEN));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo("{\"deleted\":2}");
    try (var left = Files.list(captureDir.resolve("shop/web-capture"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void deletingTheFilesOfAnUnknownCaptureIsAnsweredWith404() throws IOException {
    ApiResponse response =
        router.handle(request("DELETE", "/packet-capture/files/shop/nothing", TOKEN));

    assertThat(response.status()).isEqualTo(404);
  }

  @Test
  void otherPathsAndMethodsAreAnsweredWith404() throws IOException {
    assertThat(
            router
                .handle(request("POST", "/packet-capture/files/shop/web-capture", TOKEN))
                .status())
        .isEqualTo(404);
    assertThat(
            router
                .handle(request("GET", "/packet-capture/download/shop/web-capture", TOKEN))
                .status())
        .isEqualTo(404);
  }

  static Map<String, String> unzip(ApiResponse response) throws IOException {
    var bytes = new ByteArrayOutputStream();
    response.body().writeTo(bytes);
    return unzip(bytes.toByteArray());
  }

  static Map<String, String> unzip(byte[] zipBytes) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    try (var zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
      for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries.put(entry.getName(), java.util.HexFormat.of().formatHex(zip.readAllBytes()));
      }
    }
    return entries;
  }
}
