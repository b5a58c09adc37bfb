package io.kcap.capture.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A capture file written around the page cache ({@code O_DIRECT}), so that a capture neither fills
 * the node's memory with pages nobody reads back nor spends CPU allocating them and writing them
 * back later: the disk reads the packets straight from the writer's buffer.
 *
 * <p>Direct writes must start and end on a page boundary, from a page-aligned buffer. So whole
 * pages go out directly, and a last partial page is kept at the start of the buffer until it is
 * full. When the packets must reach the file before that (a flush when the traffic pauses, every
 * quarter of a second in a flood, and the end), the partial page is written through a second,
 * ordinary descriptor of the same file; the next direct write covers that page again. The file
 * therefore always has its exact length and content up to the last flush.
 *
 * <p>A filesystem that refuses {@code O_DIRECT} (when the file is opened, or on its first write)
 * gets ordinary writes of the whole buffer instead; nothing else changes. So does a path that is
 * not a regular file, such as a named pipe a reader such as Wireshark follows: it is written in
 * order, as a stream.
 */
public final class DirectFile implements RecordOutput {
  /** What direct writes are aligned to: a page, which covers every block size in use. */
  static final int ALIGNMENT = 4096;

  private static final int CREATE = Abi.O_WRONLY | Abi.O_CREAT | Abi.O_TRUNC | Abi.O_CLOEXEC;
  private static final int READ_WRITE_FOR_ALL = 0666; // less the umask, as any created file

  private final Path path;
  private final ByteBuffer buffer;
  private final MemorySegment bytes;
  private final MemorySegment state;
  private final int fd;
  private final boolean regular;
  private int directFd;
  private long offset;
  private int completed;
  private boolean closed;

  private DirectFile(
      Path path, ByteBuffer buffer, MemorySegment state, int fd, boolean regular, int directFd) {
    this.path = path;
    this.buffer = buffer;
    this.bytes = MemorySegment.ofBuffer(buffer);
    this.state = state;
    this.fd = fd;
    this.regular = regular;
    this.directFd = directFd;
  }

  /**
   * Creates (or truncates) {@code path}.
   *
   * @param buffer from {@link RecordOutput#allocateBuffer}; a sink that writes one file after
   *     another passes the same buffer to each
   */
  public static DirectFile create(Path path, ByteBuffer buffer) throws IOException {
    if (!buffer.isDirect()
        || buffer.capacity() != BUFFER_SIZE
        || MemorySegment.ofBuffer(buffer).address() % ALIGNMENT != 0) {
      throw new IllegalArgumentException("not a buffer from RecordOutput.allocateBuffer()");
    }
    // A pipe or a device takes no offsets (pwrite fails on a pipe) and no O_DIRECT.
    boolean regular = Files.notExists(path) || Files.isRegularFile(path);
    MemorySegment state = Libc.callState(Arena.ofAuto());
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment name = scratch.allocateFrom(path.toString());
      int directFd = -1;
      try {
        if (regular) {
          directFd = Libc.open(name, CREATE | Libc.directFlag(), READ_WRITE_FOR_ALL, state);
        }
      } catch (Libc.Failure e) {
        if (e.errno != Libc.EINVAL) {
          throw fileError(path, e);
        }
      }
      int fd;
      try {
        // The file exists now, unless O_DIRECT was refused: then this creates it.
        fd =
            Libc.open(
                name,
                directFd >= 0 ? Abi.O_WRONLY | Abi.O_CLOEXEC : CREATE,
                READ_WRITE_FOR_ALL,
                state);
      } catch (Libc.Failure e) {
        closeQuietly(directFd, state);
        throw fileError(path, e);
      }
      return new DirectFile(path, buffer, state, fd, regular, directFd);
    }
  }

  /** Whether whole pages go around the page cache (false: the filesystem refused it). */
  public boolean direct() {
    return directFd >= 0;
  }

  @Override
  public ByteBuffer buffer() {
    return buffer;
  }

  @Override
  public int write(int length, boolean complete) throws IOException {
    if (closed) {
      throw new IllegalStateException(path + " is closed");
    }
    if (directFd < 0) {
      writeFully(fd, completed, length - completed, offset + completed);
      offset += length;
      completed = 0;
      return 0;
    }
    int whole = length & -ALIGNMENT;
    if (whole > 0) {
      if (!writeDirect(whole)) {
        return write(length, complete); // the filesystem refused: ordinary writes from now on
      }
      offset += whole;
      completed = 0;
    }
    int kept = length - whole;
    if (whole > 0 && kept > 0) {
      buffer.put(0, buffer, whole, kept);
    }
    if (complete && kept > completed) {
      writeFully(fd, completed, kept - completed, offset + completed);
      completed = kept;
    }
    return kept;
  }

  /** Writes the first {@code length} bytes directly; false if the filesystem refuses. */
  private boolean writeDirect(int length) throws IOException {
    try {
      writeFully(directFd, 0, length, offset);
      return true;
    } catch (RefusedException e) {
      closeQuietly(directFd, state);
      directFd = -1;
      return false;
    }
  }

  /**
   * Writes buffer bytes {@code [from, from + length)} to the file at {@code at}, or, to a pipe or
   * device, in order.
   */
  private void writeFully(int to, int from, int length, long at) throws IOException {
    int done = 0;
    while (done < length) {
      try {
        done +=
            (int)
                (regular
                    ? Libc.pwrite(
                        to, bytes.address() + from + done, length - done, at + done, state)
                    : Libc.write(to, bytes.asSlice(from + done, length - done), state));
      } catch (Libc.Failure e) {
        if (e.errno == Libc.EINTR) {
          continue;
        }
        if (e.errno == Libc.EINVAL && to == directFd && done == 0) {
          throw new RefusedException();
        }
        throw new IOException("writing " + path + ": " + Libc.describe(e.errno), e);
      }
    }
  }

  /** Everything is written by the last {@code write(length, true)}; this closes the descriptors. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(directFd, state);
    try {
      Libc.close(fd, state);
    } catch (Libc.Failure e) {
      throw new IOException("closing " + path + ": " + Libc.describe(e.errno), e);
    }
  }

  private static void closeQuietly(int fd, MemorySegment state) {
    if (fd >= 0) {
      try {
        Libc.close(fd, state);
      } catch (Libc.Failure e) {
        // Only after a failure, or for the direct descriptor, whose writes were complete when
        // they returned: nothing is lost.
      }
    }
  }

  private static IOException fileError(Path path, Libc.Failure e) {
    return switch (e.errno) {
      case Libc.ENOENT ->
          new NoSuchFileException(path.toString(), null, "its directory does not exist");
      case Libc.EACCES, Libc.EPERM ->
          new AccessDeniedException(path.toString(), null, "permission denied");
      default -> new FileSystemException(path.toString(), null, Libc.describe(e.errno));
    };
  }

  /** A direct write the filesystem refused (EINVAL before any byte was written). */
  private static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
