package io.kcap.capture.internal;

import io.kcap.capture.CaptureException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a piece of setup inside a named network namespace ({@code ip netns} names, bound under
 * {@code /var/run/netns}).
 *
 * <p>{@code setns} changes the namespace of the calling OS thread only, so the work runs on a new
 * platform thread that ends right after: no thread of the JVM is left in the other namespace. A
 * virtual thread would not do, since it may move between carrier threads. Sockets keep the
 * namespace they were created in after the thread ends.
 */
final class Netns {
  static final String RUN_DIRECTORY = "/var/run/netns/";

  private Netns() {}

  static <T> T inside(String name, Supplier<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread thread =
        Thread.ofPlatform()
            .name("kcap-netns-" + name)
            .start(
                () -> {
                  try {
                    enter(name);
                    result.set(work.get());
                  } catch (RuntimeException e) {
                    failure.set(e);
                  }
                });
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CaptureException("interrupted while entering network namespace " + name, e);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  private static void enter(String name) {
    String path = RUN_DIRECTORY + name;
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(scratch);
      int fd;
      try {
        fd = Libc.open(scratch.allocateFrom(path), Abi.O_RDONLY | Abi.O_CLOEXEC, state);
      } catch (Libc.Failure e) {
        if (e.errno == Libc.ENOENT) {
          throw new CaptureException("no network namespace named " + name + " (" + path + ")", e);
        }
        throw e.toCapture("cannot open network namespace " + path);
      }
      try {
        Libc.setns(fd, Abi.CLONE_NEWNET, state);
      } catch (Libc.Failure e) {
        throw e.toCapture("cannot enter network namespace " + name);
      } finally {
        try {
          Libc.close(fd, state);
        } catch (Libc.Failure ignored) {
          // The descriptor is released by the kernel even when close reports an error.
        }
      }
    }
  }
}
