package io.kcap.server;

/**
 * Decides whether the holder of a bearer token may act on captures and their files: in standalone
 * mode a shared token, in a cluster Kubernetes' TokenReview and SubjectAccessReview.
 */
public interface Authenticator {

  /** What the API may do with a request. */
  enum Verdict {
    ALLOWED,
    /** No token, or one that names nobody: 401. */
    UNAUTHENTICATED,
    /** A known caller without the right: 403. */
    FORBIDDEN
  }

  /**
   * @param verb for files ({@link Router}): {@code get} to download, {@code delete} to clean; for
   *     the resource ({@link PacketCaptureRouter}): {@code list}, {@code get}, {@code update} (a
   *     PUT, creating or replacing), {@code delete}
   * @param namespace empty for a list across namespaces
   * @param captureName empty for a list
   */
  Verdict authorize(String bearerToken, String verb, String namespace, String captureName);
}
