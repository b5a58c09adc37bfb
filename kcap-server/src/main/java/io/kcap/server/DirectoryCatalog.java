package io.kcap.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The catalog of one node's capture directory, laid out as the agent writes it: {@code
 * captureDir/namespace/capture/file}.
 *
 * <p>A capture is known while its object exists or while files of it remain, so that files kept
 * after a capture was deleted can still be downloaded and cleaned.
 */
public final class DirectoryCatalog implements CaptureCatalog {
  private final Path captureDir;
  private final String node;
  private final BiPredicate<String, String> captureExists;

  /**
   * @param captureExists whether a PacketCapture object (namespace, name) exists
   */
  public DirectoryCatalog(Path captureDir, String node, BiPredicate<String, String> captureExists) {
    this.captureDir = captureDir;
    this.node = node;
    this.captureExists = captureExists;
  }

  @Override
  public Optional<List<CaptureFile>> files(String namespace, String name) throws IOException {
    List<CaptureFile> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory(namespace, name))) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          files.add(new CaptureFile(node, entry.getFileName().toString(), entry));
        }
      }
    } catch (NoSuchFileException e) {
      // No directory: the capture has written nothing on this node yet.
    }
    if (files.isEmpty() && !captureExists.test(namespace, name)) {
      return Optional.empty();
    }
    files.sort(Comparator.comparing(CaptureFile::fileName));
    return Optional.of(List.copyOf(files));
  }

  @Override
  public Optional<Integer> deleteFiles(String namespace, String name) throws IOException {
    Optional<List<CaptureFile>> files = files(namespace, name);
    if (files.isEmpty()) {
      return Optional.empty();
    }
    int deleted = 0;
    for (CaptureFile file : files.get()) {
      if (Files.deleteIfExists(file.path())) {
        deleted++;
      }
    }
    return Optional.of(deleted);
  }

  private Path directory(String namespace, String name) {
    return captureDir.resolve(namespace).resolve(name);
  }
}
