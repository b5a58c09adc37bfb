package io.kcap.capture.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordOutputTest {
  private static final long HUGE_PAGE = 2 << 20;

  @Test
  void theBufferIsOneWholeWritableHugePageInSizeAndPlace() {
    ByteBuffer buffer = RecordOutput.allocateBuffer();
    long address = MemorySegment.ofBuffer(buffer).address();

    assertThat(buffer.isDirect()).isTrue();
    assertThat(buffer.capacity()).isEqualTo(RecordOutput.BUFFER_SIZE).isEqualTo(HUGE_PAGE);
    assertThat(address % HUGE_PAGE).isZero();
    buffer.putLong(0, 0x0123456789ABCDEFL).putLong(buffer.capacity() - 8, -1L);
    assertThat(buffer.getLong(0)).isEqualTo(0x0123456789ABCDEFL);
    assertThat(buffer.getLong(buffer.capacity() - 8)).isEqualTo(-1L);
  }

  @Test
  void theKernelBacksTheBufferWithAHugePageWhereItGivesThemOnAdvice() throws IOException {
    String enabled =
        Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).strip();
    assumeThat(enabled).as("transparent huge pages on this kernel").doesNotContain("[never]");
    ByteBuffer buffer = RecordOutput.allocateBuffer();
    for (int page = 0; page < buffer.capacity(); page += 4096) {
      buffer.put(page, (byte) 1); // the first touch is when the kernel picks the page
    }
    long address = MemorySegment.ofBuffer(buffer).address();

    assertThat(anonHugePagesKib(address)).isEqualTo(HUGE_PAGE / 1024);
  }

  /** The {@code AnonHugePages} line of the mapping that holds {@code address}, in KiB. */
  private static long anonHugePagesKib(long address) throws IOException {
    List<String> smaps = Files.readAllLines(Path.of("/proc/self/smaps"));
    boolean inMapping = false;
    for (String line : smaps) {
      String first = line.split(" ", 2)[0];
      if (first.matches("[0-9a-f]+-[0-9a-f]+")) {
        String[] range = first.split("-");
        long start = HexFormat.fromHexDigitsToLong(range[0]);
        long end = HexFormat.fromHexDigitsToLong(range[1]);
        inMapping =
            Long.compareUnsigned(start, address) <= 0 && Long.compareUnsigned(address, end) < 0;
      } else if (inMapping && first.equals("AnonHugePages:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new AssertionError("no mapping holds " + Long.toHexString(address));
  }
}
