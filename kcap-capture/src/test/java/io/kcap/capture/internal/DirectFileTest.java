package io.kcap.capture.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.kcap.testkit.Tool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DirectFileTest {
  @TempDir Path dir;

  /**
   * Writes like a record writer: fills the buffer after what the file kept, writes when full or on
   * a flush; returns everything written.
   */
  private static byte[] writeLikeACapture(DirectFile file, Path path, long seed)
      throws IOException {
    Random random = new Random(seed);
    ByteBuffer buffer = file.buffer();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int position = 0;
    for (int round = 0; round < 300; round++) {
      int length = random.nextInt(random.nextBoolean() ? 100 : 70_000);
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      all.write(bytes);
      int done = 0;
      while (done < length) {
        if (position == buffer.capacity()) {
          position = file.write(position, false);
        }
        int piece = Math.min(length - done, buffer.capacity() - position);
        buffer.put(position, bytes, done, piece);
        position += piece;
        done += piece;
      }
      if (random.nextInt(8) == 0) {
        position = file.write(position, true);
        // A flush puts every byte so far in the file, with the file's exact length.
        assertThat(Files.readAllBytes(path)).isEqualTo(all.toByteArray());
      }
    }
    file.write(position, true);
    file.close();
    return all.toByteArray();
  }

  @Test
  void theFileHoldsExactlyTheBytesWrittenAfterEveryFlushAndAtTheEnd() throws IOException {
    Path path = dir.resolve("capture.pcap");
    Files.write(path, new byte[10_000_000]); // longer than what follows: truncated at creation
    DirectFile file = DirectFile.create(path, RecordOutput.allocateBuffer());
    byte[] written = writeLikeACapture(file, path, 1);
    assertThat(Files.readAllBytes(path)).isEqualTo(written);
  }

  @Test
  void wholePagesBypassThePageCacheOnADiskFilesystem() throws IOException {
    assumeThat(Files.getFileStore(dir).type()).isIn("ext4", "xfs", "btrfs");
    Path path = dir.resolve("capture.pcap");
    DirectFile file = DirectFile.create(path, RecordOutput.allocateBuffer());
    assertThat(file.direct()).isTrue();
    file.buffer().put(0, new byte[DirectFile.BUFFER_SIZE]);
    for (int i = 0; i < 8; i++) {
      assertThat(file.write(DirectFile.BUFFER_SIZE - 100, false)).isEqualTo(4096 - 100);
    }
    // mincore(2) through the mapping: pages written around the page cache are not resident.
    try (FileChannel channel = FileChannel.open(path)) {
      assertThat(channel.size()).isEqualTo(8L * (DirectFile.BUFFER_SIZE - 4096));
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      assertThat(mapped.isLoaded()).isFalse();
    }
    file.write(100, true);
    file.close();
  }

  @Test
  void aFilesystemThatRefusesDirectWritesGetsOrdinaryOnes() throws IOException {
    Path mount = Files.createDirectory(dir.resolve("ramfs"));
    Tool.run("mount", "-t", "ramfs", "ramfs", mount.toString()).orThrow();
    try {
      Path path = mount.resolve("capture.pcap");
      DirectFile file = DirectFile.create(path, RecordOutput.allocateBuffer());
      assertThat(file.direct()).isFalse();
      byte[] written = writeLikeACapture(file, path, 2);
      assertThat(Files.readAllBytes(path)).isEqualTo(written);
    } finally {
      Tool.run("umount", mount.toString()).orThrow();
    }
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a pipe can block open
  void aNamedPipeIsWrittenInOrderAsAStream() throws Exception {
    Path pipe = dir.resolve("capture.fifo");
    Tool.run("mkfifo", pipe.toString()).orThrow();
    CompletableFuture<byte[]> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.readAllBytes(pipe);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    DirectFile file = DirectFile.create(pipe, RecordOutput.allocateBuffer());
    assertThat(file.direct()).isFalse();
    byte[] first = new byte[DirectFile.BUFFER_SIZE];
    new Random(3).nextBytes(first);
    file.buffer().put(0, first);
    assertThat(file.write(first.length - 100, false)).isZero();
    byte[] second = new byte[5000];
    new Random(4).nextBytes(second);
    file.buffer().put(0, second);
    assertThat(file.write(second.length, true)).isZero();
    file.close();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(first, 0, first.length - 100);
    expected.write(second);
    assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(expected.toByteArray());
  }

  @Test
  void createdFilesGetReadWritePermissionsLessTheUmask() throws IOException {
    Path path = dir.resolve("capture.pcap");
    DirectFile.create(path, RecordOutput.allocateBuffer()).close();
    String umask = Tool.run("sh", "-c", "umask").orThrow().stdout().strip();
    int mode = 0666 & ~Integer.parseInt(umask, 8);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo(PosixFilePermissions.toString(permissions(mode)));
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder text = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = mode >> shift;
      text.append((bits & 4) != 0 ? 'r' : '-')
          .append((bits & 2) != 0 ? 'w' : '-')
          .append((bits & 1) != 0 ? 'x' : '-');
    }
    return PosixFilePermissions.fromString(text.toString());
  }

  @Test
  void aMissingDirectoryOrAPlainFileInThePathIsNamed() throws IOException {
    Path missing = dir.resolve("no-such-dir").resolve("capture.pcap");
    assertThatThrownBy(() -> DirectFile.create(missing, RecordOutput.allocateBuffer()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(missing + ": its directory does not exist");
    Path plain = Files.writeString(dir.resolve("plain"), "x");
    assertThatThrownBy(
            () -> DirectFile.create(plain.resolve("c.pcap"), RecordOutput.allocateBuffer()))
        .hasMessage(plain.resolve("c.pcap") + ": Not a directory");
  }

  @Test
  void onlyAPageAlignedBufferOfTheRightSizeIsTaken() {
    Path path = dir.resolve("capture.pcap");
    assertThatThrownBy(
            () -> DirectFile.create(path, ByteBuffer.allocateDirect(DirectFile.BUFFER_SIZE + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DirectFile.create(path, ByteBuffer.allocate(DirectFile.BUFFER_SIZE)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
