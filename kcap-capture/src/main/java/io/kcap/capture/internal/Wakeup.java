package io.kcap.capture.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.kcap.capture.CaptureException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An eventfd that the capture loop polls next to its socket, so that a stop request wakes it at
 * once instead of waiting for the next block or timeout.
 */
final class Wakeup implements AutoCloseable {
  private final int fd;
  private boolean closed;

  private Wakeup(int fd) {
    this.fd = fd;
  }

  static Wakeup create() {
    try (Arena scratch = Arena.ofConfined()) {
      return new Wakeup(
          Libc.eventfd(0, Abi.EFD_CLOEXEC | Abi.EFD_NONBLOCK, Libc.callState(scratch)));
    } catch (Libc.Failure e) {
      throw e.toCapture("cannot create the capture's wake-up descriptor");
    }
  }

  int fd() {
    return fd;
  }

  /** Wakes the loop; safe from any thread, any number of times. */
  synchronized void signal() {
    if (closed) {
      return;
    }
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment one = scratch.allocate(JAVA_LONG);
      one.set(JAVA_LONG, 0, 1L);
      Libc.write(fd, one, Libc.callState(scratch));
    } catch (Libc.Failure e) {
      throw new CaptureException("cannot wake the capture loop: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (Arena scratch = Arena.ofConfined()) {
      Libc.close(fd, Libc.callState(scratch));
    } catch (Libc.Failure e) {
      // The descriptor is released by the kernel even when close reports an error.
    }
  }
}
