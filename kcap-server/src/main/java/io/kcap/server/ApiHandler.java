package io.kcap.server;

import java.io.IOException;

/** Answers API requests; {@link ApiServer} serves one over HTTPS. */
@FunctionalInterface
public interface ApiHandler {
  ApiResponse handle(ApiRequest request) throws IOException;
}
