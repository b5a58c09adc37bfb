package io.kcap.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Files named on the command line, where {@code -} means standard input or output. */
final class Streams {
  private Streams() {}

  static ReadableByteChannel input(String name) throws IOException {
    if (name.equals("-")) {
      return new FileInputStream(FileDescriptor.in).getChannel();
    }
    Path path = Path.of(name);
    if (Files.isDirectory(path)) {
      throw new CliException(name + ": is a directory, not a capture file");
    }
    try {
      return FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new CliException(name + ": no such file");
    } catch (FileSystemException e) {
      throw new CliException(describe(name, e));
    }
  }

  /** One line for a file the system refused to open. */
  static String describe(String name, FileSystemException e) {
    return name
        + ": "
        + switch (e) {
          case NoSuchFileException _ -> "no such file or directory";
          case AccessDeniedException _ -> "permission denied";
          default -> e.getReason() == null ? "cannot be opened" : e.getReason();
        };
  }

  /**
   * Opens the output, refusing to overwrite one of the inputs (which would destroy it before it is
   * read). Standard output is never closed, only flushed by the writers.
   */
  static WritableByteChannel output(String name, Iterable<String> inputs) throws IOException {
    if (name.equals("-")) {
      FileChannel stdout = new FileOutputStream(FileDescriptor.out).getChannel();
      return new WritableByteChannel() {
        private boolean open = true;

        @Override
        public int write(ByteBuffer source) throws IOException {
          return stdout.write(source);
        }

        @Override
        public boolean isOpen() {
          return open;
        }

        @Override
        public void close() {
          open = false;
        }
      };
    }
    Path path = Path.of(name);
    for (String input : inputs) {
      if (!input.equals("-")
          && Files.exists(path)
          && Files.exists(Path.of(input))
          && Files.isSameFile(path, Path.of(input))) {
        throw new CliException("the output " + name + " is also an input; choose another file", 2);
      }
    }
    return new LazyFileChannel(path);
  }

  /**
   * Creates (or truncates) its file on the first write, so that a command failing before it has
   * anything to write, such as on a filter expression that does not compile, leaves an existing
   * file untouched.
   */
  private static final class LazyFileChannel implements WritableByteChannel {
    private final Path path;
    private FileChannel channel;
    private boolean closed;

    LazyFileChannel(Path path) {
      this.path = path;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      if (channel == null) {
        try {
          channel =
              FileChannel.open(
                  path,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileSystemException e) {
          throw new CliException(describe(path.toString(), e));
        }
      }
      return channel.write(source);
    }

    @Override
    public boolean isOpen() {
      return !closed;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      if (channel != null) {
        channel.close();
      }
    }
  }
}
