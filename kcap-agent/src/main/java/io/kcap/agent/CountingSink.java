package io.kcap.agent;

import io.kcap.capture.CaptureInfo;
import io.kcap.capture.CaptureStats;
import io.kcap.capture.PacketSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Sits between the engine and the files: takes each packet from its capture's per-node budget (a
 * packet beyond it is not written) and counts what was written and which writes failed.
 *
 * <p>Only the capture thread writes the counters; volatile lets the agent read them at any time.
 */
final class CountingSink implements PacketSink {
  private final PacketSink files;
  private final CaptureBudget budget;
  private volatile long packets;
  private volatile long bytes;
  private volatile long writeErrors;

  CountingSink(PacketSink files, CaptureBudget budget) {
    this.files = Objects.requireNonNull(files, "files");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  @Override
  public void start(CaptureInfo capture) throws IOException {
    try {
      files.start(capture);
    } catch (IOException e) {
      writeErrors++;
      throw e;
    }
  }

  @Override
  public void packet(
      long seconds, int nanos, int originalLength, ByteBuffer frames, int offset, int length)
      throws IOException {
    if (!budget.take(length)) {
      return;
    }
    try {
      files.packet(seconds, nanos, originalLength, frames, offset, length);
    } catch (IOException e) {
      writeErrors++;
      throw e;
    }
    packets++;
    bytes += length;
  }

  @Override
  public void flush() throws IOException {
    try {
      files.flush();
    } catch (IOException e) {
      writeErrors++;
      throw e;
    }
  }

  @Override
  public void counters(CaptureStats stats) {
    files.counters(stats);
  }

  @Override
  public void finish(CaptureStats stats) throws IOException {
    try {
      files.finish(stats);
    } catch (IOException e) {
      writeErrors++;
      throw e;
    }
  }

  SessionStats stats(long drops) {
    return new SessionStats(packets, bytes, drops, writeErrors);
  }
}
