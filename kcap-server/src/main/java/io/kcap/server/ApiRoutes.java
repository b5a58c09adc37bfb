package io.kcap.server;

import java.io.IOException;
import java.util.Objects;

/**
 * The whole standalone API: the PacketCapture resource under {@code /apis/kcap.io/v1/}, and
 * Calico's download routes for everything else.
 */
public final class ApiRoutes implements ApiHandler {
  private final PacketCaptureRouter captures;
  private final Router files;

  public ApiRoutes(PacketCaptureRouter captures, Router files) {
    this.captures = Objects.requireNonNull(captures, "captures");
    this.files = Objects.requireNonNull(files, "files");
  }

  @Override
  public ApiResponse handle(ApiRequest request) throws IOException {
    return request.path().startsWith(PacketCaptureRouter.PREFIX)
        ? captures.handle(request)
        : files.handle(request);
  }
}
