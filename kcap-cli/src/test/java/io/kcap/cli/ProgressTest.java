package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void aQuickDownloadPrintsNothing() throws IOException {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    Progress progress = new Progress("shop/web", new PrintWriter(err), now::get);

    try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[100_000]))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(900));
    progress.finish();

    assertThat(progress.bytes()).isEqualTo(100_000);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aLongDownloadReportsBytesAndThroughputEverySecondThenTheTotal() throws IOException {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    Progress progress = new Progress("shop/web", new PrintWriter(err), now::get);
    byte[] chunk = new byte[1 << 20];

    // 1 MiB every half second for 3 s: 2 MiB/s.
    for (int i = 0; i < 6; i++) {
      now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
      try (InputStream in = progress.counting(new ByteArrayInputStream(chunk))) {
        assertThat(in.read(new byte[chunk.length])).isEqualTo(chunk.length);
      }
    }
    progress.finish();

    assertThat(err.toString())
        .isEqualTo(
            """
            kcap: downloading shop/web: 2.0 MiB so far, 2.0 MiB/s
            kcap: downloading shop/web: 4.0 MiB so far, 2.0 MiB/s
            kcap: downloading shop/web: 6.0 MiB so far, 2.0 MiB/s
            kcap: downloaded 6.0 MiB in 3.0 s (2.0 MiB/s)
            """);
  }

  @Test
  void sizesReadAsPeopleWriteThem() {
    assertThat(Progress.size(0)).isEqualTo("0 B");
    assertThat(Progress.size(1023)).isEqualTo("1023 B");
    assertThat(Progress.size(1024)).isEqualTo("1.0 KiB");
    assertThat(Progress.size(3 << 20)).isEqualTo("3.0 MiB");
    assertThat(Progress.size(5L << 30)).isEqualTo("5.0 GiB");
  }
}
