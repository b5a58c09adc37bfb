package io.kcap.server;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kcap.api.CaptureManifest;
import io.kcap.api.ManifestException;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureManifests;
import io.kcap.api.PacketCaptureValidator;
import io.kcap.api.Violation;
import io.kcap.api.store.CaptureStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The PacketCapture resource over HTTP, Kubernetes-shaped, for the standalone store:
 *
 * <ul>
 *   <li>{@code GET /apis/kcap.io/v1/packetcaptures}: every capture, as a {@code PacketCaptureList};
 *   <li>{@code GET /apis/kcap.io/v1/namespaces/{ns}/packetcaptures}: those of one namespace;
 *   <li>{@code GET …/namespaces/{ns}/packetcaptures/{name}}: one, with its status (404);
 *   <li>{@code PUT …/namespaces/{ns}/packetcaptures/{name}}: creates it (201) or replaces its spec
 *       (200), after the checks of {@code kcap validate} (422, one violation per line); the status
 *       stays the agent's;
 *   <li>{@code DELETE …/namespaces/{ns}/packetcaptures/{name}}: deletes it and answers it (404);
 *       its files stay.
 * </ul>
 *
 * As in {@link Router}: authentication first (401), then names (400), then the store.
 */
public final class PacketCaptureRouter implements ApiHandler {
  /** Where the resource's paths start. */
  public static final String PREFIX = "/apis/" + PacketCapture.API_VERSION + "/";

  private static final String RESOURCE = PacketCapture.PLURAL;

  private final Authenticator authenticator;
  private final CaptureStore store;
  private final PacketCaptureValidator validator;
  private final KubernetesSerialization json = new KubernetesSerialization();

  public PacketCaptureRouter(
      Authenticator authenticator, CaptureStore store, PacketCaptureValidator validator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.store = Objects.requireNonNull(store, "store");
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  @Override
  public ApiResponse handle(ApiRequest request) throws IOException {
    Optional<Target> parsed = Target.of(request.path());
    if (parsed.isEmpty()) {
      return ApiResponse.text(404, "no such API path: " + request.method() + " " + request.path());
    }
    Target target = parsed.get();
    Optional<String> verb = target.verb(request.method());
    if (verb.isEmpty()) {
      return new ApiResponse(
          405,
          Map.of("Content-Type", "text/plain; charset=utf-8", "Allow", target.allowed()),
          OptionalLong.empty(),
          ApiResponse.text(405, request.method() + " is not allowed on " + request.path()).body());
    }
    Optional<ApiResponse> denied = authorize(request, verb.get(), target);
    if (denied.isPresent()) {
      return denied.get();
    }
    if (!target.namespace().isEmpty() && !ObjectNames.isNamespace(target.namespace())) {
      return ApiResponse.text(
          400, "invalid namespace \"" + target.namespace() + "\": expected an RFC 1123 label");
    }
    if (!target.name().isEmpty() && !ObjectNames.isObjectName(target.name())) {
      return ApiResponse.text(
          400, "invalid capture name \"" + target.name() + "\": expected an RFC 1123 subdomain");
    }
    return switch (verb.get()) {
      case "list" -> list(target);
      case "get" -> get(target);
      case "update" -> put(target, request);
      case "delete" -> delete(target);
      default -> throw new IllegalStateException("unknown verb " + verb.get());
    };
  }

  private Optional<ApiResponse> authorize(ApiRequest request, String verb, Target target) {
    Optional<String> token = request.bearerToken();
    if (token.isEmpty()) {
      return Optional.of(unauthorized("missing bearer token"));
    }
    return switch (authenticator.authorize(token.get(), verb, target.namespace(), target.name())) {
      case UNAUTHENTICATED -> Optional.of(unauthorized("invalid bearer token"));
      case FORBIDDEN ->
          Optional.of(
              ApiResponse.text(
                  403,
                  "not allowed to "
                      + verb
                      + " packet captures"
                      + (target.namespace().isEmpty() ? "" : " in " + target.namespace())));
      case ALLOWED -> Optional.empty();
    };
  }

  private ApiResponse list(Target target) throws IOException {
    List<PacketCapture> items =
        target.namespace().isEmpty() ? store.list() : store.list(target.namespace());
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", PacketCapture.API_VERSION);
    list.put("kind", PacketCapture.KIND + "List");
    list.put("metadata", Map.of());
    list.put("items", items);
    return ApiResponse.json(200, json.asJson(list));
  }

  private ApiResponse get(Target target) throws IOException {
    return store
        .get(target.namespace(), target.name())
        .map(capture -> ApiResponse.json(200, json.asJson(capture)))
        .orElseGet(() -> notFound(target));
  }

  private ApiResponse put(Target target, ApiRequest request) throws IOException {
    List<CaptureManifest> manifests;
    try {
      manifests = PacketCaptureManifests.read(request.bodyText());
    } catch (ManifestException e) {
      return ApiResponse.text(
          400, "the body is not a JSON or YAML PacketCapture: " + e.getMessage());
    }
    if (manifests.size() != 1) {
      return ApiResponse.text(
          400, "the body holds " + manifests.size() + " documents; expected one PacketCapture");
    }
    CaptureManifest manifest = manifests.getFirst();
    var metadata = manifest.capture().getMetadata();
    if (metadata.getNamespace() == null) {
      metadata.setNamespace(target.namespace());
    }
    if (!target.namespace().equals(metadata.getNamespace())
        || !target.name().equals(metadata.getName())) {
      return ApiResponse.text(
          400,
          "the body names packet capture "
              + metadata.getNamespace()
              + "/"
              + metadata.getName()
              + " but the path "
              + target.namespace()
              + "/"
              + target.name());
    }
    List<Violation> violations = validator.validate(manifest);
    if (!violations.isEmpty()) {
      byte[] text =
          violations.stream()
              .map(Violation::toString)
              .collect(Collectors.joining("\n", "", "\n"))
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return new ApiResponse(
          422,
          Map.of("Content-Type", "text/plain; charset=utf-8"),
          OptionalLong.of(text.length),
          out -> out.write(text));
    }
    CaptureStore.Put put = store.put(manifest.capture());
    return ApiResponse.json(put.created() ? 201 : 200, json.asJson(put.stored()));
  }

  private ApiResponse delete(Target target) throws IOException {
    return store
        .delete(target.namespace(), target.name())
        .map(capture -> ApiResponse.json(200, json.asJson(capture)))
        .orElseGet(() -> notFound(target));
  }

  private static ApiResponse notFound(Target target) {
    return ApiResponse.text(
        404, "packet capture " + target.namespace() + "/" + target.name() + " not found");
  }

  private static ApiResponse unauthorized(String why) {
    ApiResponse plain = ApiResponse.text(401, why);
    return new ApiResponse(
        401,
        Map.of("Content-Type", "text/plain; charset=utf-8", "WWW-Authenticate", "Bearer"),
        plain.length(),
        plain.body());
  }

  /**
   * A path of the resource: every capture (no namespace, no name), one namespace's (no name), or
   * one capture.
   */
  private record Target(String namespace, String name) {
    static Optional<Target> of(String path) {
      if (!path.startsWith(PREFIX)) {
        return Optional.empty();
      }
      String[] parts = path.substring(PREFIX.length()).split("/", -1);
      if (parts.length == 1 && parts[0].equals(RESOURCE)) {
        return Optional.of(new Target("", ""));
      }
      if (parts.length >= 3 && parts[0].equals("namespaces") && parts[2].equals(RESOURCE)) {
        if (parts.length == 3) {
          return Optional.of(new Target(parts[1], ""));
        }
        if (parts.length == 4) {
          return Optional.of(new Target(parts[1], parts[3]));
        }
      }
      return Optional.empty();
    }

    /** The Kubernetes verb of {@code method} on this path, if it is allowed. */
    Optional<String> verb(String method) {
      boolean one = !name.isEmpty();
      return switch (method) {
        case "GET" -> Optional.of(one ? "get" : "list");
        case "PUT" -> one ? Optional.of("update") : Optional.empty();
        case "DELETE" -> one ? Optional.of("delete") : Optional.empty();
        default -> Optional.empty();
      };
    }

    String allowed() {
      return name.isEmpty() ? "GET" : "GET, PUT, DELETE";
    }
  }
}
