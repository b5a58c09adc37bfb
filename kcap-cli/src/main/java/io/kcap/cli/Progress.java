package io.kcap.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress of a long download on standard error: silent for the first second, so a quick download
 * prints nothing, then one line a second with the bytes so far and the throughput, and a last line
 * with the total.
 */
final class Progress {
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String what;
  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final long start;
  private long bytes;
  private long lastReport;
  private boolean reported;

  /**
   * @param what what is downloaded, as in "downloading shop/web-capture"
   * @param nanoTime a monotonic clock ({@code System::nanoTime})
   */
  Progress(String what, PrintWriter err, LongSupplier nanoTime) {
    this.what = what;
    this.err = err;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    this.lastReport = start;
  }

  /** {@code in}, counting what is read through it. */
  InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          advance(n);
        }
        return n;
      }
    };
  }

  void advance(long count) {
    bytes += count;
    long now = nanoTime.getAsLong();
    if (now - start >= QUIET_NANOS && now - lastReport >= EVERY_NANOS) {
      lastReport = now;
      reported = true;
      err.println(
          "kcap: downloading "
              + what
              + ": "
              + size(bytes)
              + " so far, "
              + size(rate(bytes, now - start))
              + "/s");
      err.flush();
    }
  }

  long bytes() {
    return bytes;
  }

  /** The total, when progress was shown at all. */
  void finish() {
    if (reported) {
      long elapsed = nanoTime.getAsLong() - start;
      err.println(
          "kcap: downloaded "
              + size(bytes)
              + " in "
              + String.format(Locale.ROOT, "%.1f", elapsed / 1e9)
              + " s ("
              + size(rate(bytes, elapsed))
              + "/s)");
      err.flush();
    }
  }

  private static long rate(long bytes, long nanos) {
    return nanos <= 0 ? 0 : (long) (bytes / (nanos / 1e9));
  }

  /** Bytes for people: {@code 812 B}, {@code 4.0 KiB}, {@code 12.3 MiB}. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
