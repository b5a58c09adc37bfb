package io.kcap.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the router sees it, with no socket behind it.
 *
 * @param method upper-case HTTP method
 * @param path the raw (undecoded) path, without the query
 * @param headers header names in lower case, first value only
 * @param body the request body, empty when there is none
 */
public record ApiRequest(String method, String path, Map<String, String> headers, byte[] body) {
  /** The largest body the API reads: a PacketCapture is a few kilobytes. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  public ApiRequest {
    method = method.toUpperCase(Locale.ROOT);
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  /** A request without a body. */
  public ApiRequest(String method, String path, Map<String, String> headers) {
    this(method, path, headers, new byte[0]);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
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
