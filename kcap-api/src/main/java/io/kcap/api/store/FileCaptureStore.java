package io.kcap.api.store;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kcap.api.CaptureManifest;
import io.kcap.api.ManifestException;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureManifests;
import io.kcap.api.PacketCaptureStatus;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The standalone store: one YAML file per capture, {@code captures/{namespace}/{name}.yaml} in the
 * state directory, in the form {@code kcap validate} reads.
 *
 * <p>Every file is replaced atomically (a temporary file moved over it), so a reader, even in
 * another process, sees the old capture or the new one. Writes through one instance are serialized;
 * one process (the standalone agent) is meant to own the store, others read it.
 */
public final class FileCaptureStore implements CaptureStore {
  /** The store's directory in kcap's state directory. */
  public static final String DIRECTORY = "captures";

  private static final Logger LOG = Logger.getLogger(FileCaptureStore.class.getName());
  private static final String SUFFIX = ".yaml";
  private static final String DEFAULT_NAMESPACE = CaptureManifest.DEFAULT_NAMESPACE;

  private final Path root;
  private final InstantSource clock;
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private long version;
  private List<FileStamp> lastSeen = List.of();
  private long lastResourceVersion = -1;

  /**
   * @param root the store's directory, created on the first write
   * @param clock stamps {@code metadata.creationTimestamp}
   */
  public FileCaptureStore(Path root, InstantSource clock) {
    this.root = Objects.requireNonNull(root, "root");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The store of a state directory, {@code <stateDirectory>/captures}. */
  public static FileCaptureStore in(Path stateDirectory) {
    return new FileCaptureStore(stateDirectory.resolve(DIRECTORY), InstantSource.system());
  }

  /** The store's directory. */
  public Path root() {
    return root;
  }

  @Override
  public List<PacketCapture> list() throws IOException {
    List<PacketCapture> all = new ArrayList<>();
    for (Path namespace : sortedEntries(root)) {
      if (Files.isDirectory(namespace) && StoreNames.isNamespace(name(namespace))) {
        all.addAll(list(name(namespace)));
      }
    }
    return List.copyOf(all);
  }

  @Override
  public List<PacketCapture> list(String namespace) throws IOException {
    StoreNames.checkNamespace(namespace);
    List<PacketCapture> captures = new ArrayList<>();
    for (Path file : sortedEntries(root.resolve(namespace))) {
      Optional<String> name = captureName(file);
      if (name.isEmpty()) {
        continue;
      }
      try {
        read(file, namespace, name.get()).ifPresent(captures::add);
      } catch (IOException e) {
        // One damaged file must not hide every other capture from the agent and the API.
        LOG.log(Level.WARNING, "skipping " + file + ": " + e.getMessage());
      }
    }
    return List.copyOf(captures);
  }

  @Override
  public Optional<PacketCapture> get(String namespace, String name) throws IOException {
    return read(file(namespace, name), namespace, name);
  }

  @Override
  public Put put(PacketCapture capture) throws IOException {
    ObjectMeta given = Objects.requireNonNullElseGet(capture.getMetadata(), ObjectMeta::new);
    String name = given.getName();
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a PacketCapture needs metadata.name");
    }
    String namespace = Objects.requireNonNullElse(given.getNamespace(), DEFAULT_NAMESPACE);
    Path file = file(namespace, name);
    synchronized (lock) {
      Optional<PacketCapture> existing = read(file, namespace, name);
      PacketCapture stored = new PacketCapture();
      ObjectMetaBuilder metadata =
          new ObjectMetaBuilder()
              .withName(name)
              .withNamespace(namespace)
              .withLabels(given.getLabels())
              .withAnnotations(given.getAnnotations())
              .withResourceVersion(nextResourceVersion());
      if (existing.isPresent()) {
        ObjectMeta old = existing.get().getMetadata();
        boolean specChanged = !existing.get().getSpec().equals(capture.getSpec());
        long generation = Objects.requireNonNullElse(old.getGeneration(), 1L);
        metadata
            .withUid(old.getUid())
            .withCreationTimestamp(old.getCreationTimestamp())
            .withGeneration(specChanged ? generation + 1 : generation);
        stored.setStatus(existing.get().getStatus());
      } else {
        metadata
            .withUid(UUID.randomUUID().toString())
            .withCreationTimestamp(
                DateTimeFormatter.ISO_INSTANT.format(
                    clock.instant().truncatedTo(ChronoUnit.SECONDS)))
            .withGeneration(1L);
      }
      stored.setMetadata(metadata.build());
      stored.setSpec(capture.getSpec());
      write(file, stored);
      return new Put(serialization.clone(stored), existing.isEmpty());
    }
  }

  @Override
  public Optional<PacketCapture> delete(String namespace, String name) throws IOException {
    Path file = file(namespace, name);
    synchronized (lock) {
      Optional<PacketCapture> existing = read(file, namespace, name);
      if (existing.isPresent()) {
        Files.deleteIfExists(file);
        try {
          Files.deleteIfExists(file.getParent());
        } catch (DirectoryNotEmptyException e) {
          // Other captures of the namespace remain.
        }
        changed();
      }
      return existing;
    }
  }

  @Override
  public StatusUpdate updateStatus(
      String namespace, String name, String resourceVersion, PacketCaptureStatus status)
      throws IOException {
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Objects.requireNonNull(status, "status");
    Path file = file(namespace, name);
    synchronized (lock) {
      Optional<PacketCapture> existing = read(file, namespace, name);
      if (existing.isEmpty()) {
        return new StatusUpdate.NotFound();
      }
      PacketCapture stored = existing.get();
      if (!resourceVersion.equals(stored.getMetadata().getResourceVersion())) {
        return new StatusUpdate.Conflict(stored);
      }
      stored.getMetadata().setResourceVersion(nextResourceVersion());
      stored.setStatus(status);
      write(file, stored);
      return new StatusUpdate.Updated(serialization.clone(stored));
    }
  }

  @Override
  public long version() throws IOException {
    synchronized (lock) {
      List<FileStamp> now = stamps();
      if (!now.equals(lastSeen)) {
        lastSeen = now;
        version++;
      }
      return version;
    }
  }

  @Override
  public Subscription onChange(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private Path file(String namespace, String name) {
    StoreNames.checkNamespace(namespace);
    StoreNames.checkName(name);
    return root.resolve(namespace).resolve(name + SUFFIX);
  }

  private Optional<PacketCapture> read(Path file, String namespace, String name)
      throws IOException {
    List<CaptureManifest> manifests;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      manifests = PacketCaptureManifests.read(reader);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (ManifestException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    if (manifests.size() != 1 || !manifests.getFirst().violations().isEmpty()) {
      throw new IOException(
          file
              + ": not one PacketCapture as kcap stores it"
              + manifests.stream()
                  .flatMap(m -> m.violations().stream())
                  .findFirst()
                  .map(v -> " (" + v + ")")
                  .orElse(""));
    }
    PacketCapture capture = manifests.getFirst().capture();
    ObjectMeta metadata = capture.getMetadata();
    if (!name.equals(metadata.getName()) || !namespace.equals(metadata.getNamespace())) {
      throw new IOException(
          file
              + ": holds "
              + metadata.getNamespace()
              + "/"
              + metadata.getName()
              + ", not "
              + namespace
              + "/"
              + name);
    }
    return Optional.of(capture);
  }

  private void write(Path file, PacketCapture capture) throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
    try {
      // What PacketCaptureManifests.toYaml writes, with this store's serializer: making one per
      // write would cost more than the write.
      Files.writeString(temporary, serialization.asYaml(capture), StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
    changed();
  }

  private void changed() throws IOException {
    version++;
    lastSeen = stamps();
    listeners.forEach(Runnable::run);
  }

  /**
   * Resource versions grow across the whole store, as Kubernetes' do, so that a capture deleted and
   * made again never repeats a version its earlier self had in this run.
   */
  private String nextResourceVersion() throws IOException {
    if (lastResourceVersion < 0) {
      lastResourceVersion = 0;
      for (PacketCapture capture : list()) {
        lastResourceVersion =
            Math.max(lastResourceVersion, parseVersion(capture.getMetadata().getResourceVersion()));
      }
    }
    return Long.toString(++lastResourceVersion);
  }

  private static long parseVersion(String resourceVersion) {
    try {
      return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private List<FileStamp> stamps() throws IOException {
    List<FileStamp> stamps = new ArrayList<>();
    for (Path namespace : sortedEntries(root)) {
      for (Path file : sortedEntries(namespace)) {
        if (captureName(file).isPresent()) {
          FileStamp.of(file).ifPresent(stamps::add);
        }
      }
    }
    return stamps;
  }

  private static Optional<String> captureName(Path file) {
    String fileName = name(file);
    if (fileName.startsWith(".") || !fileName.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    String name = fileName.substring(0, fileName.length() - SUFFIX.length());
    return StoreNames.isName(name) ? Optional.of(name) : Optional.empty();
  }

  private static String name(Path path) {
    return path.getFileName().toString();
  }

  private static List<Path> sortedEntries(Path directory) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      stream.forEach(entries::add);
    } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
      return List.of();
    }
    entries.sort(null);
    return entries;
  }

  /** Tells one version of a file from another without reading it. */
  private record FileStamp(Path file, Object key, long size, long modifiedNanos) {
    static Optional<FileStamp> of(Path file) throws IOException {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return Optional.of(
            new FileStamp(
                file,
                Objects.requireNonNullElse(attributes.fileKey(), "no key"),
                attributes.size(),
                attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }
  }
}
