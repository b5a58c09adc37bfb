package io.kcap.capture;

import io.kcap.capture.internal.LiveCapture;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live capture of one interface into a {@link PacketSink}.
 *
 * <p>{@link #open} returns once the ring is attached and the first packet can arrive; a platform
 * thread then reads the ring until a limit is reached, the interface is deleted, or {@link #stop()}
 * is called. Stopping records every packet that reached the ring before it, finishes the sink, and
 * releases the socket and the ring.
 *
 * {@snippet :
 * try (CaptureSession session =
 *     CaptureSession.open(CaptureOptions.on("eth0").build(), sink)) {
 *   CaptureEnd end = session.await();
 *   System.err.println(end.stats().packets() + " packets");
 * }
 * }
 */
public final class CaptureSession implements AutoCloseable {
  private final LiveCapture capture;

  private CaptureSession(LiveCapture capture) {
    this.capture = capture;
  }

  /**
   * Starts capturing.
   *
   * @throws CaptureException when the interface, namespace or filter is wrong, permission is
   *     missing, or the sink cannot start; the message is one line for the user
   */
  public static CaptureSession open(CaptureOptions options, PacketSink sink) {
    return open(options, sink, InstantSource.system());
  }

  /** Starts capturing, measuring the duration limit with {@code clock}. */
  public static CaptureSession open(CaptureOptions options, PacketSink sink, InstantSource clock) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(clock, "clock");
    return new CaptureSession(LiveCapture.start(options, sink, clock));
  }

  /** The interface, link type and snap length the sink was started with. */
  public CaptureInfo info() {
    return capture.info();
  }

  /** The counters as of the last ring block read. */
  public CaptureStats stats() {
    return end().map(CaptureEnd::stats).orElseGet(capture::stats);
  }

  /** How the capture ended, if it has. */
  public Optional<CaptureEnd> end() {
    return Optional.ofNullable(capture.end().getNow(null));
  }

  /** Waits until the capture ends by itself or is stopped. */
  public CaptureEnd await() throws InterruptedException {
    try {
      return capture.end().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the capture thread ended without a result", e);
    }
  }

  /** Waits at most {@code timeout} for the capture to end. */
  public Optional<CaptureEnd> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(capture.end().get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the capture thread ended without a result", e);
    }
  }

  /**
   * Stops the capture and waits for it: the packets that reached the ring are recorded, the sink is
   * finished. Calling it again returns the same end.
   */
  public CaptureEnd stop() {
    capture.requestStop();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }
}
