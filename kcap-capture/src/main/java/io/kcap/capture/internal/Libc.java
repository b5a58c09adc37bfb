package io.kcap.capture.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.kcap.capture.CaptureException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few C library calls a capture needs, bound through the FFM linker.
 *
 * <p>Every call captures {@code errno} into a caller-provided state segment, so that the hot loop
 * can reuse one and never allocate. Results are checked here: a failure becomes a {@link
 * CaptureException} naming the call and the system's reason, so no C status leaves this package.
 */
@SuppressWarnings("restricted")
public final class Libc {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  static final int EINTR = 4;
  static final int ENOENT = 2;
  static final int EPERM = 1;
  static final int EACCES = 13;
  static final int ENODEV = 19;
  static final int ENXIO = 6;
  static final int ENETDOWN = 100;

  private static final MethodHandle SOCKET =
      bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle BIND =
      bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SETSOCKOPT =
      bind(
          "setsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle GETSOCKOPT =
      bind(
          "getsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle IOCTL =
      bind(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle MMAP =
      bind(
          "mmap",
          FunctionDescriptor.of(
              ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
  private static final MethodHandle MUNMAP =
      bind("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle POLL =
      bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle CLOSE =
      bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle OPEN =
      bind(
          "open",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle SETNS =
      bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle EVENTFD =
      bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle WRITE =
      bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle READ =
      bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle STRERROR =
      LINKER.downcallHandle(
          LINKER.defaultLookup().find("strerror").orElseThrow(),
          FunctionDescriptor.of(ADDRESS, JAVA_INT));

  private Libc() {}

  private static MethodHandle bind(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    Linker.Option[] all = new Linker.Option[options.length + 1];
    all[0] = Linker.Option.captureCallState("errno");
    System.arraycopy(options, 0, all, 1, options.length);
    MemorySegment symbol =
        LINKER
            .defaultLookup()
            .find(name)
            .orElseThrow(() -> new IllegalStateException("the C library has no " + name));
    return LINKER.downcallHandle(symbol, descriptor, all);
  }

  /** A place for one call's {@code errno}; reusable by one thread at a time. */
  public static MemorySegment callState(Arena arena) {
    return arena.allocate(CALL_STATE);
  }

  static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /** The system's text for an error number, e.g. {@code No such device}. */
  static String describe(int errno) {
    try {
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
      return text.reinterpret(256).getString(0);
    } catch (Throwable e) {
      return "errno " + errno;
    }
  }

  /** Thrown inside this package when a call fails; callers turn it into a user-facing message. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final int errno;

    Failure(String call, int errno) {
      super(call + ": " + describe(errno));
      this.errno = errno;
    }

    CaptureException toCapture(String context) {
      return new CaptureException(context + ": " + getMessage(), this);
    }
  }

  private static int check(int result, String call, MemorySegment state) throws Failure {
    if (result < 0) {
      throw new Failure(call, errno(state));
    }
    return result;
  }

  private static RuntimeException unexpected(Throwable e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(e);
  }

  static int socket(int domain, int type, int protocol, MemorySegment state) throws Failure {
    try {
      return check((int) SOCKET.invokeExact(state, domain, type, protocol), "socket", state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  static void bind(int fd, MemorySegment address, MemorySegment state) throws Failure {
    try {
      check((int) BIND.invokeExact(state, fd, address, (int) address.byteSize()), "bind", state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  static void setsockopt(
      int fd, int level, int option, MemorySegment value, String name, MemorySegment state)
      throws Failure {
    try {
      check(
          (int) SETSOCKOPT.invokeExact(state, fd, level, option, value, (int) value.byteSize()),
          "setsockopt(" + name + ")",
          state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  /** Reads a socket option into {@code value}; {@code length} is a 4-byte scratch segment. */
  static void getsockopt(
      int fd,
      int level,
      int option,
      MemorySegment value,
      MemorySegment length,
      String name,
      MemorySegment state)
      throws Failure {
    length.set(JAVA_INT, 0, (int) value.byteSize());
    try {
      check(
          (int) GETSOCKOPT.invokeExact(state, fd, level, option, value, length),
          "getsockopt(" + name + ")",
          state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  static void ioctl(int fd, long request, MemorySegment argument, String name, MemorySegment state)
      throws Failure {
    try {
      check((int) IOCTL.invokeExact(state, fd, request, argument), "ioctl(" + name + ")", state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  static MemorySegment mmap(long length, int protection, int flags, int fd, MemorySegment state)
      throws Failure {
    try {
      MemorySegment address =
          (MemorySegment)
              MMAP.invokeExact(state, MemorySegment.NULL, length, protection, flags, fd, 0L);
      if (address.address() == -1L) {
        throw new Failure("mmap", errno(state));
      }
      return address;
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  static void munmap(MemorySegment address, long length, MemorySegment state) throws Failure {
    try {
      check((int) MUNMAP.invokeExact(state, address, length), "munmap", state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  /** {@code poll}; an interrupted call counts as a timeout so that callers simply look again. */
  static int poll(MemorySegment fds, int count, int timeoutMillis, MemorySegment state)
      throws Failure {
    try {
      int ready = (int) POLL.invokeExact(state, fds, (long) count, timeoutMillis);
      if (ready < 0 && errno(state) == EINTR) {
        return 0;
      }
      return check(ready, "poll", state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  static void close(int fd, MemorySegment state) throws Failure {
    try {
      check((int) CLOSE.invokeExact(state, fd), "close", state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  static int open(MemorySegment path, int flags, MemorySegment state) throws Failure {
    try {
      return check((int) OPEN.invokeExact(state, path, flags), "open", state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  static void setns(int fd, int type, MemorySegment state) throws Failure {
    try {
      check((int) SETNS.invokeExact(state, fd, type), "setns", state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  static int eventfd(int initial, int flags, MemorySegment state) throws Failure {
    try {
      return check((int) EVENTFD.invokeExact(state, initial, flags), "eventfd", state);
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  static long write(int fd, MemorySegment data, MemorySegment state) throws Failure {
    try {
      long written = (long) WRITE.invokeExact(state, fd, data, data.byteSize());
      if (written < 0) {
        throw new Failure("write", errno(state));
      }
      return written;
    } catch (Failure f) {
      throw f;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }

  /** {@code read}; returns -errno instead of failing, for non-blocking descriptors. */
  static long read(int fd, MemorySegment data, MemorySegment state) {
    try {
      long count = (long) READ.invokeExact(state, fd, data, data.byteSize());
      return count < 0 ? -errno(state) : count;
    } catch (Throwable e) {
      throw unexpected(e);
    }
  }
}
