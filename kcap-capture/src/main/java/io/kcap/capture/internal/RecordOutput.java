package io.kcap.capture.internal;

import java.io.Closeable;
import java.io.IOException;
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

  /** The size of the buffer every output has: large, so that writes are few. */
  int BUFFER_SIZE = 1 << 20;

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
