package io.kcap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Extracts a capture's {@code files.zip} into a directory as {@code node/file}, the way {@code
 * calicoctl captured-packets copy} lays files out, and safely: an entry is accepted only as two
 * plain names (no {@code ..}, no absolute path, no hidden name), an existing file is never replaced
 * unless asked, and every file is written to a temporary file beside it and moved into place only
 * once the whole zip has been read, so a failed download leaves nothing half-written.
 */
final class CaptureZip {
  private static final int MAX_NAME_LENGTH = 255;

  private CaptureZip() {}

  /** One extracted file. */
  record Extracted(String entryName, Path path, long size) {}

  /** A file written to its temporary name, waiting for the move to its own. */
  private record Pending(String entryName, Path temporary, Path target, long size) {}

  /**
   * Reads the zip from {@code in} to its end and extracts it into {@code destination} (made if
   * missing).
   *
   * @param overwrite whether existing files may be replaced
   * @throws CliException for an unsafe entry name or an existing file
   * @throws IOException for a broken zip or a failed write; nothing of this zip is left then
   */
  static List<Extracted> extract(InputStream in, Path destination, boolean overwrite)
      throws IOException {
    Path root = destination.toAbsolutePath().normalize();
    List<Path> madeDirectories = new ArrayList<>();
    makeDirectories(root, madeDirectories);
    List<Pending> pending = new ArrayList<>();
    List<Extracted> extracted = new ArrayList<>();
    boolean complete = false;
    try {
      Set<String> seen = new HashSet<>();
      var zip = new ZipInputStream(in);
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        String name = entry.getName();
        Path target = target(root, name);
        if (!seen.add(name)) {
          throw new CliException("the zip holds \"" + name + "\" twice; nothing was copied", 1);
        }
        if (!overwrite && Files.exists(target)) {
          throw exists(target);
        }
        makeDirectories(target.getParent(), madeDirectories);
        Path temporary =
            Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        pending.add(new Pending(name, temporary, target, 0));
        long size;
        try (OutputStream out = Files.newOutputStream(temporary)) {
          size = zip.transferTo(out);
        }
        FileTime modified = entry.getLastModifiedTime();
        if (modified != null) {
          Files.setLastModifiedTime(temporary, modified);
        }
        pending.set(pending.size() - 1, new Pending(name, temporary, target, size));
      }
      // Reading to the end checked every entry's CRC; only now does a file take its real name.
      for (Pending file : List.copyOf(pending)) {
        try {
          if (overwrite) {
            Files.move(file.temporary(), file.target(), StandardCopyOption.ATOMIC_MOVE);
          } else {
            Files.move(file.temporary(), file.target()); // refuses an existing target
          }
        } catch (FileAlreadyExistsException e) {
          throw exists(file.target());
        }
        pending.remove(file);
        extracted.add(new Extracted(file.entryName(), file.target(), file.size()));
      }
      complete = true;
      return List.copyOf(extracted);
    } catch (ZipException e) {
      throw new IOException("the download is not a valid zip: " + e.getMessage(), e);
    } finally {
      for (Pending file : pending) {
        Files.deleteIfExists(file.temporary());
      }
      if (!complete && extracted.isEmpty()) {
        for (Path directory : madeDirectories.reversed()) {
          deleteIfEmpty(directory);
        }
      }
    }
  }

  /**
   * Where entry {@code name} goes under {@code root}.
   *
   * @throws CliException unless the name is {@code NODE/FILE} with two plain names
   */
  static Path target(Path root, String name) {
    String[] parts = name.split("/", -1);
    if (parts.length != 2 || !isPlainName(parts[0]) || !isPlainName(parts[1])) {
      throw new CliException(
          "refusing the zip entry \""
              + printable(name)
              + "\": expected NODE/FILE with plain names (no .., no absolute path, no hidden"
              + " file); nothing was copied",
          1);
    }
    Path target = root.resolve(parts[0]).resolve(parts[1]).normalize();
    if (!target.startsWith(root) || target.getNameCount() != root.getNameCount() + 2) {
      throw new CliException(
          "refusing the zip entry \"" + printable(name) + "\": it leads out of " + root, 1);
    }
    return target;
  }

  private static boolean isPlainName(String part) {
    return !part.isEmpty()
        && part.length() <= MAX_NAME_LENGTH
        && !part.startsWith(".")
        && part.chars().noneMatch(c -> c == '\\' || c == ':' || c < 0x20 || c == 0x7f);
  }

  private static String printable(String name) {
    StringBuilder shown = new StringBuilder();
    name.codePoints()
        .limit(200)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\x%02x", c));
              } else {
                shown.appendCodePoint(c);
              }
            });
    return shown.toString();
  }

  private static CliException exists(Path target) {
    return new CliException(
        target
            + " already exists; kcap copy does not overwrite files: pass --overwrite, or another"
            + " --dest; nothing was copied",
        1);
  }

  private static void makeDirectories(Path directory, List<Path> made) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path d = directory; d != null && !Files.exists(d); d = d.getParent()) {
      missing.addFirst(d);
    }
    for (Path d : missing) {
      Files.createDirectory(d);
      made.add(d);
    }
  }

  private static void deleteIfEmpty(Path directory) {
    try {
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // Not empty (someone else wrote there) or not ours to remove: leave it.
    }
  }
}
