package io.kcap.capture.testing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test network namespaces: created with iproute2, entered by a throw-away platform thread that
 * calls {@code setns(2)}. A socket belongs to the namespace it was created in, so sockets opened by
 * {@link #call} can be used from any thread afterwards.
 */
@SuppressWarnings("restricted")
public final class Netns {
  private static final int CLONE_NEWNET = 0x40000000;
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final MethodHandle OPEN =
      LINKER.downcallHandle(
          LIBC.findOrThrow("open"), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SETNS =
      LINKER.downcallHandle(
          LIBC.findOrThrow("setns"), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle CLOSE =
      LINKER.downcallHandle(LIBC.findOrThrow("close"), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle SOCKET =
      LINKER.downcallHandle(
          LIBC.findOrThrow("socket"),
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle SENDTO =
      LINKER.downcallHandle(
          LIBC.findOrThrow("sendto"),
          FunctionDescriptor.of(
              JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

  private final String name;

  private Netns(String name) {
    this.name = name;
  }

  public static Netns create(String name) throws IOException, InterruptedException {
    run("ip", "netns", "add", name);
    return new Netns(name);
  }

  public String name() {
    return name;
  }

  /** Runs {@code ip -n <name> args...}. */
  public void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip", "-n", name));
    command.addAll(List.of(args));
    run(command.toArray(String[]::new));
  }

  /** Work to do inside a namespace; native calls throw {@code Throwable}. */
  @FunctionalInterface
  public interface Task<T> {
    T call() throws Throwable;
  }

  /** Runs {@code task} on a platform thread inside this namespace and returns its result. */
  public <T> T call(Task<T> task) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        Thread.ofPlatform()
            .name("in-netns-" + name)
            .unstarted(
                () -> {
                  try {
                    enter();
                    result.set(task.call());
                  } catch (Throwable e) {
                    failure.set(e);
                  }
                });
    thread.start();
    thread.join();
    Throwable failed = failure.get();
    if (failed instanceof Exception e) {
      throw e;
    }
    if (failed != null) {
      throw new IllegalStateException("failed in network namespace " + name, failed);
    }
    return result.get();
  }

  /**
   * Sends one datagram from a socket {@code socket(family, type, protocol)} opened in this
   * namespace, for the kinds of socket the JDK cannot open (raw ICMP, UDP-Lite).
   *
   * @param address a {@code struct sockaddr_in} or {@code sockaddr_in6}
   */
  public void sendTo(int family, int type, int protocol, byte[] address, byte[] payload)
      throws Exception {
    call(
        () -> {
          int fd = (int) SOCKET.invokeExact(family, type, protocol);
          if (fd < 0) {
            throw new IOException("socket(" + family + ", " + type + ", " + protocol + ") failed");
          }
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(payload.length);
            data.copyFrom(MemorySegment.ofArray(payload));
            MemorySegment to = arena.allocate(address.length);
            to.copyFrom(MemorySegment.ofArray(address));
            long sent =
                (long) SENDTO.invokeExact(fd, data, (long) payload.length, 0, to, address.length);
            if (sent != payload.length) {
              throw new IOException("sendto sent " + sent + " of " + payload.length + " bytes");
            }
          } finally {
            int closed = (int) CLOSE.invokeExact(fd);
            if (closed != 0) {
              throw new IOException("close failed");
            }
          }
          return null;
        });
  }

  /** Deletes the namespace (and with it the interfaces inside it). */
  public void delete() throws IOException, InterruptedException {
    run("ip", "netns", "del", name);
  }

  private void enter() throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      int fd = (int) OPEN.invokeExact(arena.allocateFrom("/var/run/netns/" + name), 0);
      if (fd < 0) {
        throw new IOException("cannot open network namespace " + name);
      }
      int entered = (int) SETNS.invokeExact(fd, CLONE_NEWNET);
      int closed = (int) CLOSE.invokeExact(fd);
      if (entered != 0 || closed != 0) {
        throw new IOException("cannot enter network namespace " + name);
      }
    }
  }

  public static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
  }
}
