package io.kcap.cli;

import io.kcap.server.BearerToken;
import io.kcap.server.TlsIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One API token and certificate for every test of this JVM, copied into each test's state
 * directory: keytool takes a second or two each time it makes a certificate.
 */
final class TestIdentity {
  private static final List<String> FILES = List.of("token", "tls.p12", "tls.pass");
  private static Path template;

  private TestIdentity() {}

  /** Puts the token and certificate into {@code stateDir}, as an agent that ran there would. */
  static synchronized void copyTo(Path stateDir) throws IOException {
    if (template == null) {
      Path made = Files.createTempDirectory("kcap-test-identity");
      BearerToken.loadOrCreate(made.resolve("token"));
      TlsIdentity.loadOrCreate(made);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made)));
      template = made;
    }
    Files.createDirectories(stateDir);
    for (String file : FILES) {
      Files.copy(template.resolve(file), stateDir.resolve(file));
    }
  }

  private static void delete(Path directory) {
    try {
      for (String file : FILES) {
        Files.deleteIfExists(directory.resolve(file));
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
