package io.kcap.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One capture file as the API serves it: the node that wrote it, its name, where it is.
 *
 * @param node the node that captured it; the first part of its name in the zip
 * @param fileName the file's name, without directories
 * @param path where the server reads it
 */
public record CaptureFile(String node, String fileName, Path path) {
  public CaptureFile {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(path, "path");
    if (fileName.isEmpty() || fileName.contains("/")) {
      throw new IllegalArgumentException(
          "capture file name \"" + fileName + "\" is not a plain name");
    }
  }

  /** The entry name in a download zip, {@code node/file}, as Calico names it. */
  public String zipEntryName() {
    return node + "/" + fileName;
  }
}
