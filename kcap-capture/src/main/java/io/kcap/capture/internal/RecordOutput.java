package io.kcap.capture.internal;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Where a capture's record writer puts its bytes: a buffer it fills, and a file or stream the
 * buffer is written to.
 *
 * <p>The writer fills {@link #buffer()} from index 0 and calls {@link #write} when it is full or
 * when its packets must be handed on. An output may keep the last bytes back (a file written around
 * the page cache can only write whole pages): they are moved to the start of the buffer, and the
 * writer goes on filling after them.
 */
public interface RecordOutput extends Closeable {

  /**
   * The size of the buffer every output has: large, so that writes are few, and one huge page (see
   * {@link #allocateBuffer}).
   */
  int BUFFER_SIZE = 2 << 20;

  /**
   * A buffer for an output: {@link #BUFFER_SIZE} bytes of anonymous memory starting on a 2 MiB
   * boundary, which the kernel is asked to back with one transparent huge page ({@code
   * madvise(MADV_HUGEPAGE)}), and which is unmapped once the buffer is unreachable.
   *
   * <p>Why a huge page: every direct write pins each page of the buffer for the disk, 512 of them
   * per 2 MiB of small pages; pinning them took 3.6 % of a profile of the capture in a flood of
   * small packets. With the buffer in one huge page the capture thread spent a fifth less CPU in
   * such a flood (BENCHMARKS.md). Where the kernel has no huge page to give, or transparent huge
   * pages are off, the same buffer is made of small pages and works the same.
   */
  @SuppressWarnings("restricted")
  static ByteBuffer allocateBuffer() {
    long size = BUFFER_SIZE;
    long start = mapHugePage(size);
    return MemorySegment.ofAddress(start)
        .reinterpret(size, Arena.ofAuto(), unused -> Libc.unmapOwn(start, size))
        .asByteBuffer();
  }

  /** Maps {@code size} bytes starting on a multiple of {@code size}, advised as a huge page. */
  private static long mapHugePage(long size) {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(scratch);
      long start;
      try {
        // Twice the size, so that a boundary lies within; the head before it and the tail after
        // the buffer are unmapped again.
        long mapped =
            Libc.mmap(
                2 * size,
                Abi.PROT_READ | Abi.PROT_WRITE,
                Abi.MAP_PRIVATE | Abi.MAP_ANONYMOUS,
                -1,
                state);
        start = (mapped + size - 1) & -size;
        if (start > mapped) {
          Libc.munmap(mapped, start - mapped, state);
        }
        Libc.munmap(start + size, mapped + size - start, state);
      } catch (Libc.Failure e) {
        throw new OutOfMemoryError(
            "cannot map "
                + (2 * size >> 20)
                + " MiB for a capture's write buffer: "
                + e.getMessage());
      }
      try {
        Libc.madvise(start, size, Abi.MADV_HUGEPAGE, state);
      } catch (Libc.Failure e) {
        // A kernel built without transparent huge pages refuses the advice: small pages then.
      }
      return start;
    }
  }

  /** The buffer to fill, {@link #BUFFER_SIZE} bytes, the same one for the output's whole life. */
  ByteBuffer buffer();

  /**
   * Writes the buffer's first {@code length} bytes.
   *
   * @param complete whether every byte must reach the file or stream now (a flush, or the end),
   *     rather than only as many as the output writes well
   * @return how many of those bytes are still in the buffer, now at its start: the writer's next
   *     bytes follow them. Bytes kept after a complete write are in the file too, and are written
   *     again with what follows.
   */
  int write(int length, boolean complete) throws IOException;
}
