package io.kcap.agent.endpoint;

import io.kcap.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;

/**
 * The endpoints listed in an {@link Inventory} file, re-read when the file changes (a new inode,
 * size or modification time; writers replace it atomically). A missing file means no endpoints.
 */
public final class InventoryEndpointSource implements EndpointSource {
  private final Path file;
  private final String node;
  private FileStamp lastRead = FileStamp.MISSING;
  private EndpointSnapshot current = EndpointSnapshot.EMPTY;

  /**
   * @param file the inventory, e.g. {@code Inventory.in(stateDirectory)}
   * @param node this node's name, for entries that name none
   */
  public InventoryEndpointSource(Path file, String node) {
    this.file = Objects.requireNonNull(file, "file");
    this.node = Objects.requireNonNull(node, "node");
  }

  @Override
  public synchronized EndpointSnapshot snapshot() {
    FileStamp stamp = FileStamp.of(file);
    if (stamp.equals(lastRead)) {
      return current;
    }
    Inventory inventory =
        stamp.equals(FileStamp.MISSING) ? new Inventory(List.of()) : Inventory.read(file, node);
    if (!inventory.endpoints().equals(current.endpoints())) {
      current = new EndpointSnapshot(current.version() + 1, inventory.endpoints());
    }
    lastRead = stamp;
    return current;
  }

  /** What tells one version of the file from another without reading it. */
  private record FileStamp(Object fileKey, long size, FileTime modified) {
    static final FileStamp MISSING = new FileStamp("missing", -1, FileTime.fromMillis(0));

    static FileStamp of(Path file) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(
            Objects.requireNonNullElse(attributes.fileKey(), "no key"),
            attributes.size(),
            attributes.lastModifiedTime());
      } catch (NoSuchFileException e) {
        return MISSING;
      } catch (IOException e) {
        throw new AgentException(file + ": cannot read: " + e.getMessage(), e);
      }
    }
  }
}
