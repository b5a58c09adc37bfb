package io.kcap.server;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the router sees it, with no socket behind it.
 *
 * @param method upper-case HTTP method
 * @param path the raw (undecoded) path, without the query
 * @param headers header names in lower case, first value only
 */
public record ApiRequest(String method, String path, Map<String, String> headers) {
  public ApiRequest {
    method = method.toUpperCase(Locale.ROOT);
    headers = Map.copyOf(headers);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The token of an {@code Authorization: Bearer …} header. */
  public Optional<String> bearerToken() {
    return header("authorization")
        .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(value -> value.substring(7).trim())
        .filter(token -> !token.isEmpty());
  }
}
