package io.kcap.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/** Serves an {@link ApiHandler} over HTTPS, one virtual thread per exchange. */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());

  private final HttpsServer server;
  private final ExecutorService executor;

  private ApiServer(HttpsServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts serving; port 0 picks a free port (see {@link #address()}).
   *
   * @throws IOException naming the address when it cannot be bound
   */
  public static ApiServer start(InetSocketAddress address, SSLContext tls, ApiHandler router)
      throws IOException {
    HttpsServer server;
    try {
      server = HttpsServer.create(address, 64);
    } catch (java.net.BindException e) {
      throw new IOException(
          "cannot serve the API on "
              + address.getHostString()
              + ":"
              + address.getPort()
              + ": "
              + e.getMessage()
              + " (is another kcap agent running? choose another address with --listen)",
          e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(router, exchange));
    server.start();
    return new ApiServer(server, executor);
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void serve(ApiHandler router, HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!values.isEmpty()) {
                  headers.put(name.toLowerCase(Locale.ROOT), values.getFirst());
                }
              });
      ApiResponse response;
      try {
        byte[] body = exchange.getRequestBody().readNBytes(ApiRequest.MAX_BODY_BYTES + 1);
        response =
            body.length > ApiRequest.MAX_BODY_BYTES
                ? ApiResponse.text(
                    413, "request body larger than " + ApiRequest.MAX_BODY_BYTES + " bytes")
                : router.handle(
                    new ApiRequest(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        headers,
                        body));
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "request " + exchange.getRequestURI() + " failed", e);
        response = ApiResponse.text(500, "kcap API failed: " + e.getMessage());
      }
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      // The JDK server reads length 0 as "chunked" (a zip streamed as it is made), -1 as no body.
      long length = response.length().orElse(0);
      if (response.length().isPresent() && length == 0) {
        length = -1;
      }
      exchange.sendResponseHeaders(response.status(), length);
      try (OutputStream body = exchange.getResponseBody()) {
        response.body().writeTo(body);
      }
    }
  }

  /** Stops accepting, gives exchanges in flight a second to end, and stops. */
  @Override
  public void close() {
    server.stop(1);
    executor.close();
  }
}
