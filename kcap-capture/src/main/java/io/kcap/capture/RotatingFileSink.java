package io.kcap.capture;

import io.kcap.capture.internal.DirectFile;
import io.kcap.capture.internal.RecordOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a capture to files, rotating them by time and size.
 *
 * <p>Files are written around the page cache where the filesystem allows it ({@link DirectFile}).
 *
 * <p>The active file is {@code BASE.pcap}. On rotation it is completed (a pcapng file gets its
 * statistics block, so every file is whole on its own) and renamed to {@code BASE.INDEX.pcap},
 * where INDEX is the rotation time in milliseconds since the Unix epoch (the next free millisecond
 * if two rotations share one), and a new active file starts. Rotated files therefore sort by name
 * in time order, before the active file. Rotation happens between two packets on the capture
 * thread, so no packet is lost or written twice. Rotated files left by an earlier run of the same
 * stream count towards {@link Rotation#maxRotatedFiles()}.
 */
public final class RotatingFileSink implements PacketSink {
  private final Path active;
  private final String base;
  private final String extension;
  private final CaptureFormat format;
  private final Rotation rotation;
  private final InstantSource clock;
  private final long intervalMillis;
  private final Deque<Path> rotated = new ArrayDeque<>();

  /** The one buffer every file of the stream is written from, in turn. */
  private ByteBuffer buffer;

  private CaptureInfo info;
  private long startNanos;
  private RecordWriter writer;
  private long packetsInFile;
  private long firstPacketMillis;
  private long packets;
  private long bytes;
  private long drops;

  /**
   * @param activeFile the file being written, e.g. {@code /var/log/kcap/ns/cap/pod_cali1.pcap}; its
   *     extension, if any, is kept at the end of rotated names
   * @param clock the time used to rotate by time and to index rotated files
   */
  public RotatingFileSink(
      Path activeFile, CaptureFormat format, Rotation rotation, InstantSource clock) {
    this.active = Objects.requireNonNull(activeFile, "activeFile");
    this.format = Objects.requireNonNull(format, "format");
    this.rotation = Objects.requireNonNull(rotation, "rotation");
    this.clock = Objects.requireNonNull(clock, "clock");
    Path fileName = activeFile.getFileName();
    if (fileName == null) {
      throw new IllegalArgumentException("capture file " + activeFile + " has no file name");
    }
    String name = fileName.toString();
    int dot = name.lastIndexOf('.');
    base = dot > 0 ? name.substring(0, dot) : name;
    extension = dot > 0 ? name.substring(dot) : "";
    long millis;
    try {
      millis = rotation.interval().toMillis();
    } catch (ArithmeticException e) {
      millis = Long.MAX_VALUE;
    }
    intervalMillis = millis;
  }

  /** The rotated files of this stream still on disk, oldest first. */
  public List<Path> rotatedFiles() {
    return List.copyOf(rotated);
  }

  @Override
  public void start(CaptureInfo capture) throws IOException {
    if (writer != null) {
      throw new IllegalStateException("rotating sink already started");
    }
    info = capture;
    startNanos = RecordWriter.nanos(clock);
    if (rotation.rotates()) {
      rotated.addAll(existingRotatedFiles());
      deleteBeyondLimit();
    }
    writer = openActive();
  }

  @Override
  public void packet(
      long seconds, int nanos, int originalLength, ByteBuffer frames, int offset, int length)
      throws IOException {
    // sizeWith counts what completing the file adds (pcapng's statistics block), so that no
    // completed file exceeds the limit.
    if (packetsInFile > 0 && writer.sizeWith(length) > rotation.maxFileBytes()) {
      rotate();
    }
    if (packetsInFile == 0 && intervalMillis != Long.MAX_VALUE) {
      firstPacketMillis = clock.millis();
    }
    writer.packet(seconds, nanos, originalLength, frames, offset, length);
    packetsInFile++;
    packets++;
    bytes += length;
  }

  @Override
  public void flush() throws IOException {
    if (packetsInFile > 0
        && intervalMillis != Long.MAX_VALUE
        && clock.millis() - firstPacketMillis >= intervalMillis) {
      rotate();
    } else {
      writer.flush();
    }
  }

  @Override
  public void counters(CaptureStats stats) {
    drops = stats.drops();
  }

  /** Completes the active file with the capture's final drop count and the packets written. */
  @Override
  public void finish(CaptureStats stats) throws IOException {
    drops = stats.drops();
    writer.finish(new CaptureStats(packets, bytes, drops), RecordWriter.nanos(clock));
  }

  private RecordWriter openActive() throws IOException {
    if (buffer == null) {
      buffer = RecordOutput.allocateBuffer();
    }
    DirectFile file = DirectFile.create(active, buffer);
    packetsInFile = 0;
    return RecordWriter.open(format, file, info, startNanos);
  }

  private void rotate() throws IOException {
    // Each file is complete on its own: a pcapng file ends with the drop count as last read.
    writer.finish(new CaptureStats(packets, bytes, drops), RecordWriter.nanos(clock));
    long index = clock.millis();
    Path target = rotatedName(index);
    while (Files.exists(target)) {
      target = rotatedName(++index);
    }
    Files.move(active, target, StandardCopyOption.ATOMIC_MOVE);
    rotated.addLast(target);
    deleteBeyondLimit();
    writer = openActive();
  }

  private Path rotatedName(long index) {
    return active.resolveSibling(base + "." + index + extension);
  }

  private void deleteBeyondLimit() throws IOException {
    while (rotated.size() > rotation.maxRotatedFiles()) {
      Files.deleteIfExists(rotated.removeFirst());
    }
  }

  private List<Path> existingRotatedFiles() throws IOException {
    Path directory = active.toAbsolutePath().getParent();
    Pattern pattern =
        Pattern.compile(Pattern.quote(base) + "\\.(\\d{1,18})" + Pattern.quote(extension));
    record Indexed(long index, Path path) {}
    List<Indexed> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        Matcher matcher = pattern.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          found.add(new Indexed(Long.parseLong(matcher.group(1)), file));
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    found.sort((a, b) -> Long.compare(a.index(), b.index()));
    return found.stream().map(Indexed::path).toList();
  }
}
