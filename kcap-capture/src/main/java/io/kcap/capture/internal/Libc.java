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

/**
 * The few system calls a capture needs, made through one FFM binding of the C library's {@code
 * syscall(2)}.
 *
 * <p>Why one entry point: the JVM generates code for every distinct native signature it binds, and
 * at start-up that costs tens of milliseconds each; a dozen libc functions of a dozen shapes
 * delayed the moment the ring is attached by several hundred. {@code syscall} takes every argument
 * as a long, so one binding serves all calls. The system call numbers are per architecture ({@link
 * Syscalls}).
 *
 * <p>Every call captures {@code errno} into a caller-provided state segment, so that the hot loop
 * can reuse one and never allocate. A failure becomes a {@link Failure} naming the call and the
 * system's reason, so no C status leaves this package.
 */
@SuppressWarnings("restricted")
public final class Libc {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int ENXIO = 6;
  static final int EACCES = 13;
  static final int ENODEV = 19;
  static final int EINVAL = 22;
  static final int ENETDOWN = 100;

  private static final int AT_FDCWD = -100;

  /**
   * {@code long syscall(long number, ...)}, called with six longs.
   *
   * <p>Bound as if it were not variadic: linking the variadic form took 60-70 ms more of the
   * capture's start. On the two machines kcap supports the call is the same either way: arm64 Linux
   * passes variadic integers in the same registers, and on x86-64 the variadic form only adds the
   * count of vector registers in {@code al}, which glibc's {@code syscall} (assembly) overwrites
   * without reading and musl's uses only to save vector registers it then ignores.
   */
  private static final MethodHandle SYSCALL =
      LINKER.downcallHandle(
          LINKER
              .defaultLookup()
              .find("syscall")
              .orElseThrow(() -> new IllegalStateException("the C library has no syscall()")),
          FunctionDescriptor.of(
              JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
              JAVA_LONG),
          Linker.Option.captureCallState("errno"));

  private static final Syscalls NR = Syscalls.forThisMachine();

  private Libc() {}

  /** A place for one call's {@code errno}; reusable by one thread at a time. */
  public static MemorySegment callState(Arena arena) {
    return arena.allocate(CALL_STATE);
  }

  static int errno(MemorySegment state) {
    return state.get(JAVA_INT, ErrnoOffset.VALUE);
  }

  /**
   * Where the call state holds {@code errno}; looked up on the first failure. (A var handle for the
   * field cost seven generated classes at every start, on the way to the ring.)
   */
  private static final class ErrnoOffset {
    static final long VALUE = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
  }

  /** The system's text for an error number, e.g. {@code No such device}. */
  static String describe(int errno) {
    try {
      MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
      return text.reinterpret(256).getString(0);
    } catch (Throwable e) {
      return "errno " + errno;
    }
  }

  /** Bound on the first failure only: the path without errors never pays for a second shape. */
  private static final class Strerror {
    static final MethodHandle HANDLE =
        LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
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

  private static RuntimeException unexpected(Throwable e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(e);
  }

  private static long call(MemorySegment state, long number, long a, long b, long c, long d)
      throws Throwable {
    return (long) SYSCALL.invokeExact(state, number, a, b, c, d, 0L, 0L);
  }

  /** Runs a call; its result, or a {@link Failure} naming {@code what}. */
  private static long checked(
      String what, MemorySegment state, long number, long a, long b, long c, long d)
      throws Failure {
    long result;
    try {
      result = call(state, number, a, b, c, d);
    } catch (Throwable e) {
      throw unexpected(e);
    }
    if (result == -1) {
      throw new Failure(what, errno(state));
    }
    return result;
  }

  static int socket(int domain, int type, int protocol, MemorySegment state) throws Failure {
    return (int) checked("socket", state, NR.socket(), domain, type, protocol, 0);
  }

  static void bind(int fd, MemorySegment address, MemorySegment state) throws Failure {
    checked("bind", state, NR.bind(), fd, address.address(), address.byteSize(), 0);
  }

  static void setsockopt(
      int fd, int level, int option, MemorySegment value, String name, MemorySegment state)
      throws Failure {
    long result;
    try {
      result =
          (long)
              SYSCALL.invokeExact(
                  state,
                  NR.setsockopt(),
                  (long) fd,
                  (long) level,
                  (long) option,
                  value.address(),
                  value.byteSize(),
                  0L);
    } catch (Throwable e) {
      throw unexpected(e);
    }
    if (result == -1) {
      throw new Failure("setsockopt(" + name + ")", errno(state));
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
    long result;
    try {
      result =
          (long)
              SYSCALL.invokeExact(
                  state,
                  NR.getsockopt(),
                  (long) fd,
                  (long) level,
                  (long) option,
                  value.address(),
                  length.address(),
                  0L);
    } catch (Throwable e) {
      throw unexpected(e);
    }
    if (result == -1) {
      throw new Failure("getsockopt(" + name + ")", errno(state));
    }
  }

  static void ioctl(int fd, long request, MemorySegment argument, String name, MemorySegment state)
      throws Failure {
    checked("ioctl(" + name + ")", state, NR.ioctl(), fd, request, argument.address(), 0);
  }

  /** Maps {@code length} bytes of {@code fd}; returns the address. */
  static long mmap(long length, int protection, int flags, int fd, MemorySegment state)
      throws Failure {
    long address;
    try {
      address =
          (long)
              SYSCALL.invokeExact(
                  state, NR.mmap(), 0L, length, (long) protection, (long) flags, (long) fd, 0L);
    } catch (Throwable e) {
      throw unexpected(e);
    }
    if (address == -1) {
      throw new Failure("mmap", errno(state));
    }
    return address;
  }

  static void madvise(long address, long length, int advice, MemorySegment state) throws Failure {
    checked("madvise", state, NR.madvise(), address, length, advice, 0);
  }

  static void munmap(long address, long length, MemorySegment state) throws Failure {
    checked("munmap", state, NR.munmap(), address, length, 0, 0);
  }

  /**
   * Unmaps a whole mapping this process made, as the cleanup of the segment that covers it. That
   * cannot fail; if it did, the memory would go with the process.
   */
  static void unmapOwn(long address, long length) {
    try (Arena scratch = Arena.ofConfined()) {
      munmap(address, length, callState(scratch));
    } catch (Failure e) {
      // Not for a mapping of this process's own (see above).
    }
  }

  /**
   * {@code ppoll} on {@code count} pollfds with the {@code struct timespec} timeout the caller
   * filled in; an interrupted call counts as a timeout so that callers simply look again.
   */
  static int poll(MemorySegment fds, int count, MemorySegment timespec, MemorySegment state)
      throws Failure {
    long ready;
    try {
      ready = call(state, NR.ppoll(), fds.address(), count, timespec.address(), 0L);
    } catch (Throwable e) {
      throw unexpected(e);
    }
    if (ready == -1) {
      int errno = errno(state);
      if (errno == EINTR) {
        return 0;
      }
      throw new Failure("poll", errno);
    }
    return (int) ready;
  }

  static void close(int fd, MemorySegment state) throws Failure {
    checked("close", state, NR.close(), fd, 0, 0, 0);
  }

  static int open(MemorySegment path, int flags, MemorySegment state) throws Failure {
    return open(path, flags, 0, state);
  }

  /** {@code open} with the permissions a created file gets (before the umask). */
  static int open(MemorySegment path, int flags, int mode, MemorySegment state) throws Failure {
    return (int) checked("open", state, NR.openat(), AT_FDCWD, path.address(), flags, mode);
  }

  /** This machine's {@code O_DIRECT}: its value differs between architectures. */
  static int directFlag() {
    return NR.oDirect();
  }

  /**
   * Writes {@code length} bytes from {@code address} at {@code offset}; returns how many it wrote.
   */
  static long pwrite(int fd, long address, long length, long offset, MemorySegment state)
      throws Failure {
    return checked("write", state, NR.pwrite64(), fd, address, length, offset);
  }

  static void setns(int fd, int type, MemorySegment state) throws Failure {
    checked("setns", state, NR.setns(), fd, type, 0, 0);
  }

  static int eventfd(int initial, int flags, MemorySegment state) throws Failure {
    return (int) checked("eventfd", state, NR.eventfd2(), initial, flags, 0, 0);
  }

  static long write(int fd, MemorySegment data, MemorySegment state) throws Failure {
    return checked("write", state, NR.write(), fd, data.address(), data.byteSize(), 0);
  }
}
