package io.kcap.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The download API, without sockets: Calico's routes for a capture's files.
 *
 * <ul>
 *   <li>{@code GET /packet-capture/download/{ns}/{name}/files.zip}: every file of the capture,
 *       zipped as {@code node/file}, streamed.
 *   <li>{@code DELETE /packet-capture/files/{ns}/{name}}: deletes them.
 * </ul>
 *
 * Every request is authenticated first (401 without a valid token), then its names are checked
 * (400), then the capture looked up (404).
 */
public final class Router implements ApiHandler {
  private static final String DOWNLOAD = "/packet-capture/download/";
  private static final String FILES = "/packet-capture/files/";

  private final Authenticator authenticator;
  private final CaptureCatalog catalog;

  public Router(Authenticator authenticator, CaptureCatalog catalog) {
    this.authenticator = authenticator;
    this.catalog = catalog;
  }

  @Override
  public ApiResponse handle(ApiRequest request) throws IOException {
    Optional<Route> route = Route.of(request);
    if (route.isEmpty()) {
      return ApiResponse.text(404, "no such API path: " + request.method() + " " + request.path());
    }
    Route target = route.get();
    Optional<String> token = request.bearerToken();
    if (token.isEmpty()) {
      return unauthorized("missing bearer token");
    }
    switch (authenticator.authorize(
        token.get(), target.verb(), target.namespace(), target.name())) {
      case UNAUTHENTICATED -> {
        return unauthorized("invalid bearer token");
      }
      case FORBIDDEN -> {
        return ApiResponse.text(
            403,
            "not allowed to "
                + target.verb()
                + " the files of packet capture "
                + target.namespace()
                + "/"
                + target.name());
      }
      case ALLOWED -> {}
    }
    if (!ObjectNames.isNamespace(target.namespace())) {
      return ApiResponse.text(
          400, "invalid namespace \"" + target.namespace() + "\": expected an RFC 1123 label");
    }
    if (!ObjectNames.isObjectName(target.name())) {
      return ApiResponse.text(
          400, "invalid capture name \"" + target.name() + "\": expected an RFC 1123 subdomain");
    }
    return target.verb().equals("get") ? download(target) : clean(target);
  }

  private ApiResponse download(Route target) throws IOException {
    Optional<List<CaptureFile>> files = catalog.files(target.namespace(), target.name());
    if (files.isEmpty()) {
      return notFound(target);
    }
    String fileName = target.namespace() + "-" + target.name() + ".zip";
    return new ApiResponse(
        200,
        Map.of(
            "Content-Type",
            "application/zip",
            "Content-Disposition",
            "attachment; filename=\"" + fileName + "\""),
        OptionalLong.empty(),
        out -> zip(files.get(), out));
  }

  private static void zip(List<CaptureFile> files, java.io.OutputStream out) throws IOException {
    var zip = new ZipOutputStream(out);
    // Speed over ratio: the zip is made while the client waits, and pcap compresses well anyway.
    zip.setLevel(Deflater.BEST_SPEED);
    for (CaptureFile file : files) {
      try (InputStream in = Files.newInputStream(file.path())) {
        var entry = new ZipEntry(file.zipEntryName());
        entry.setLastModifiedTime(lastModified(file));
        zip.putNextEntry(entry);
        in.transferTo(zip);
        zip.closeEntry();
      } catch (NoSuchFileException e) {
        // Rotated away or cleaned since the listing: the zip holds what still exists.
      }
    }
    zip.finish();
  }

  private static FileTime lastModified(CaptureFile file) throws IOException {
    return Files.getLastModifiedTime(file.path());
  }

  private ApiResponse clean(Route target) throws IOException {
    Optional<Integer> deleted = catalog.deleteFiles(target.namespace(), target.name());
    if (deleted.isEmpty()) {
      return notFound(target);
    }
    return ApiResponse.json(200, "{\"deleted\":" + deleted.get() + "}");
  }

  private static ApiResponse notFound(Route target) {
    return ApiResponse.text(
        404, "packet capture " + target.namespace() + "/" + target.name() + " not found");
  }

  private static ApiResponse unauthorized(String why) {
    var plain = ApiResponse.text(401, why);
    return new ApiResponse(
        401,
        Map.of("Content-Type", "text/plain; charset=utf-8", "WWW-Authenticate", "Bearer"),
        plain.length(),
        plain.body());
  }

  /** A request that names a capture. */
  private record Route(String verb, String namespace, String name) {
    static Optional<Route> of(ApiRequest request) {
      String path = request.path();
      if (request.method().equals("GET") && path.startsWith(DOWNLOAD)) {
        String[] parts = path.substring(DOWNLOAD.length()).split("/", -1);
        if (parts.length == 3 && parts[2].equals("files.zip")) {
          return Optional.of(new Route("get", parts[0], parts[1]));
        }
      } else if (request.method().equals("DELETE") && path.startsWith(FILES)) {
        String[] parts = path.substring(FILES.length()).split("/", -1);
        if (parts.length == 2) {
          return Optional.of(new Route("delete", parts[0], parts[1]));
        }
      }
      return Optional.empty();
    }
  }
}
