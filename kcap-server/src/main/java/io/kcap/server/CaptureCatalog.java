package io.kcap.server;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where the API learns which captures exist and which files they left on which nodes. */
public interface CaptureCatalog {

  /**
   * The files of a capture, sorted by node then name; empty when kcap knows no such capture
   * (neither the object nor any of its files).
   */
  Optional<List<CaptureFile>> files(String namespace, String name) throws IOException;

  /**
   * Deletes every file of a capture and returns how many were deleted; empty when kcap knows no
   * such capture.
   */
  Optional<Integer> deleteFiles(String namespace, String name) throws IOException;
}
