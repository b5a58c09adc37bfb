package io.kcap.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} over plain HTTP for Prometheus; everything else is 404. Meant for
 * loopback or a node-local scrape, so it has no authentication, like most exporters.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts serving; port 0 picks a free port (see {@link #address()}).
   *
   * @throws IOException naming the address when it cannot be bound (in use, not local)
   */
  public static MetricsServer start(InetSocketAddress address, Supplier<String> exposition)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (BindException e) {
      throw new IOException(
          "cannot serve metrics on " + address + ": " + e.getMessage() + " (port in use?)", e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(exchange, exposition));
    server.start();
    return new MetricsServer(server, executor);
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void serve(HttpExchange exchange, Supplier<String> exposition) throws IOException {
    try (exchange) {
      boolean metrics = exchange.getRequestURI().getPath().equals("/metrics");
      boolean get = exchange.getRequestMethod().equals("GET");
      byte[] body;
      int status;
      if (metrics && get) {
        status = 200;
        body = exposition.get().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", AgentMetrics.CONTENT_TYPE);
      } else {
        status = metrics ? 405 : 404;
        body =
            (metrics ? "only GET /metrics\n" : "only /metrics is served here\n")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
