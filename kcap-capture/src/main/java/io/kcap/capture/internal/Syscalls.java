package io.kcap.capture.internal;

import io.kcap.capture.CaptureException;

/** System call numbers of the calls {@link Libc} makes, per architecture. */
record Syscalls(
    long socket,
    long bind,
    long setsockopt,
    long getsockopt,
    long ioctl,
    long mmap,
    long munmap,
    long ppoll,
    long close,
    long openat,
    long setns,
    long eventfd2,
    long write) {

  /** {@code asm/unistd_64.h}. */
  static final Syscalls X86_64 = new Syscalls(41, 49, 54, 55, 16, 9, 11, 271, 3, 257, 308, 290, 1);

  /** {@code asm-generic/unistd.h}, which arm64 uses. */
  static final Syscalls AARCH64 =
      new Syscalls(198, 200, 208, 209, 29, 222, 215, 73, 57, 56, 268, 19, 64);

  static Syscalls forThisMachine() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> X86_64;
      case "aarch64", "arm64" -> AARCH64;
      default -> throw new CaptureException("live capture is not supported on " + arch);
    };
  }
}
