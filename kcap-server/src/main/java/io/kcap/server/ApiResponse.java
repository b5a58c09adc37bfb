package io.kcap.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An HTTP response: status, headers and a body written straight to the client, so that large
 * downloads stream instead of being held in memory.
 */
public record ApiResponse(int status, Map<String, String> headers, OptionalLong length, Body body) {

  /** Writes the body; called once, after the status and headers were sent. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  public ApiResponse {
    headers = Map.copyOf(headers);
  }

  /** A short plain-text answer, one line. */
  public static ApiResponse text(int status, String message) {
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    return new ApiResponse(
        status,
        Map.of("Content-Type", "text/plain; charset=utf-8"),
        OptionalLong.of(bytes.length),
        out -> out.write(bytes));
  }

  /** A JSON answer already rendered. */
  public static ApiResponse json(int status, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return new ApiResponse(
        status,
        Map.of("Content-Type", "application/json"),
        OptionalLong.of(bytes.length),
        out -> out.write(bytes));
  }

  /** The body as text, for tests and small answers. */
  public String bodyText() throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    body.writeTo(bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
