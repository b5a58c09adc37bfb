package io.kcap.capture.internal;

import io.kcap.capture.CaptureException;

/**
 * System call numbers of the calls {@link Libc} makes, per architecture, and the one open flag
 * whose value differs between them ({@code O_DIRECT}).
 */
record Syscalls(
    long socket,
    long bind,
    long setsockopt,
    long getsockopt,
    long ioctl,
    long mmap,
    long munmap,
    long madvise,
    long ppoll,
    long close,
    long openat,
    long setns,
    long eventfd2,
    long write,
    long pwrite64,
    int oDirect) {

  /** {@code asm/unistd_64.h}; {@code O_DIRECT} from {@code asm-generic/fcntl.h}. */
  static final Syscalls X86_64 =
      new Syscalls(41, 49, 54, 55, 16, 9, 11, 28, 271, 3, 257, 308, 290, 1, 18, 0x4000);

  /**
   * {@code asm-generic/unistd.h}, which arm64 uses; {@code O_DIRECT} from arm64's {@code fcntl.h}.
   */
  static final Syscalls AARCH64 =
      new Syscalls(198, 200, 208, 209, 29, 222, 215, 233, 73, 57, 56, 268, 19, 64, 68, 0x10000);

  static Syscalls forThisMachine() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> X86_64;
      case "aarch64", "arm64" -> AARCH64;
      default -> throw new CaptureException("live capture is not supported on " + arch);
    };
  }
}
