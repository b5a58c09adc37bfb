package io.kcap.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The standalone API's self-signed certificate for {@code localhost} and 127.0.0.1, kept in the
 * state directory as {@code tls.p12} with its password in {@code tls.pass} (both 0600).
 *
 * <p>The pair is made once by the JDK's own {@code keytool}; the CLI trusts exactly this
 * certificate, so no certificate authority is involved.
 */
public final class TlsIdentity {
  static final String ALIAS = "kcap";

  private final KeyStore keyStore;
  private final char[] password;

  private TlsIdentity(KeyStore keyStore, char[] password) {
    this.keyStore = keyStore;
    this.password = password;
  }

  public static TlsIdentity loadOrCreate(Path stateDir) throws IOException {
    Path store = stateDir.resolve("tls.p12");
    Path passwordFile = stateDir.resolve("tls.pass");
    if (!Files.exists(store)) {
      create(store, passwordFile);
    }
    char[] password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim().toCharArray();
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, password);
      return new TlsIdentity(keyStore, password);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the API certificate " + store + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path store, Path passwordFile) throws IOException {
    Files.createDirectories(store.toAbsolutePath().getParent());
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    Files.deleteIfExists(passwordFile);
    Files.createFile(
        passwordFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command =
        List.of(
            keytool.toString(),
            "-genkeypair",
            "-alias",
            ALIAS,
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-validity",
            "3650",
            "-dname",
            "CN=kcap standalone API",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass:file",
            passwordFile.toString());
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool could not make the API certificate: " + output.strip());
      }
      Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making the API certificate", e);
    }
  }

  /** The server side: presents the certificate. */
  public SSLContext serverContext() throws IOException {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the API certificate: " + e.getMessage(), e);
    }
  }

  /** The client side: trusts this certificate and no other. */
  public SSLContext clientContext() throws IOException {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry(ALIAS, keyStore.getCertificate(ALIAS));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the API certificate: " + e.getMessage(), e);
    }
  }
}
