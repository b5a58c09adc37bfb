package io.kcap.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Standalone mode: whoever holds the node's token may do everything. */
public final class SharedTokenAuthenticator implements Authenticator {
  private final byte[] token;

  public SharedTokenAuthenticator(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("the API token is empty");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Verdict authorize(String bearerToken, String verb, String namespace, String captureName) {
    // Constant time, so that the answer's timing tells nothing about the token.
    return MessageDigest.isEqual(token, bearerToken.getBytes(StandardCharsets.UTF_8))
        ? Verdict.ALLOWED
        : Verdict.UNAUTHENTICATED;
  }
}
