package io.kcap.capture.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.kcap.capture.CaptureException;
import io.kcap.pcap.bpf.BpfInstruction;
import io.kcap.pcap.bpf.BpfProgram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One AF_PACKET socket, from creation to close.
 *
 * <p>It is created with protocol 0, so the kernel hands it nothing until {@link #bind} names the
 * interface and ETH_P_ALL: the filter and the ring are in place before the first packet, and no
 * unfiltered packet can slip in (libpcap drains its socket after setting a filter for this reason).
 * Socket calls act in the namespace the socket was created in, whatever thread makes them.
 */
final class PacketSocket implements AutoCloseable {
  private final int fd;
  private final String interfaceName;
  private int interfaceIndex;
  private boolean closed;

  private PacketSocket(int fd, String interfaceName) {
    this.fd = fd;
    this.interfaceName = interfaceName;
  }

  /** Creates the socket in the calling thread's network namespace. */
  static PacketSocket create(String interfaceName) {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(scratch);
      int fd = Libc.socket(Abi.AF_PACKET, Abi.SOCK_RAW | Abi.SOCK_CLOEXEC, 0, state);
      return new PacketSocket(fd, interfaceName);
    } catch (Libc.Failure e) {
      if (e.errno == Libc.EPERM || e.errno == Libc.EACCES) {
        throw new CaptureException(
            "no permission to capture on "
                + interfaceName
                + ": opening a packet socket needs CAP_NET_RAW (run as root or grant the"
                + " capability)",
            e);
      }
      throw e.toCapture("cannot open a packet socket for " + interfaceName);
    }
  }

  int fd() {
    return fd;
  }

  int interfaceIndex() {
    return interfaceIndex;
  }

  /** Looks the interface up in the socket's namespace and returns its ARPHRD hardware type. */
  int lookUpInterface() {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(scratch);
      MemorySegment ifreq = scratch.allocate(Abi.IFREQ_SIZE);
      byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
      MemorySegment.copy(name, 0, ifreq, JAVA_BYTE, 0, name.length);
      try {
        Libc.ioctl(fd, Abi.SIOCGIFINDEX, ifreq, "SIOCGIFINDEX", state);
      } catch (Libc.Failure e) {
        if (e.errno == Libc.ENODEV || e.errno == Libc.ENXIO) {
          throw new CaptureException("no such interface: " + interfaceName, e);
        }
        throw e.toCapture("cannot look up interface " + interfaceName);
      }
      interfaceIndex = ifreq.get(JAVA_INT, Abi.IFREQ_UNION);
      Libc.ioctl(fd, Abi.SIOCGIFHWADDR, ifreq, "SIOCGIFHWADDR", state);
      return Short.toUnsignedInt(ifreq.get(JAVA_SHORT, Abi.IFREQ_UNION));
    } catch (Libc.Failure e) {
      throw e.toCapture("cannot look up interface " + interfaceName);
    }
  }

  /** Whether the interface this socket was bound to still exists under its name and index. */
  boolean interfaceStillExists() {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment ifreq = scratch.allocate(Abi.IFREQ_SIZE);
      byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
      MemorySegment.copy(name, 0, ifreq, JAVA_BYTE, 0, name.length);
      Libc.ioctl(fd, Abi.SIOCGIFINDEX, ifreq, "SIOCGIFINDEX", Libc.callState(scratch));
      return ifreq.get(JAVA_INT, Abi.IFREQ_UNION) == interfaceIndex;
    } catch (Libc.Failure e) {
      return false;
    }
  }

  void useTpacketV3() {
    setIntOption(Abi.SOL_PACKET, Abi.PACKET_VERSION, Abi.TPACKET_V3, "PACKET_VERSION");
  }

  /**
   * Stops the kernel from handing over the packets this host sends. On loopback every packet is
   * seen once going out and once coming in; libpcap drops the outgoing copy too.
   */
  void ignoreOutgoing() {
    setIntOption(Abi.SOL_PACKET, Abi.PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING");
  }

  void attachFilter(BpfProgram program) {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(scratch);
      MemorySegment instructions = scratch.allocate((long) Abi.SOCK_FILTER_SIZE * program.size());
      long offset = 0;
      for (BpfInstruction instruction : program.instructions()) {
        instructions.set(JAVA_SHORT, offset, (short) instruction.code());
        instructions.set(JAVA_BYTE, offset + 2, (byte) instruction.jt());
        instructions.set(JAVA_BYTE, offset + 3, (byte) instruction.jf());
        instructions.set(JAVA_INT, offset + 4, instruction.k());
        offset += Abi.SOCK_FILTER_SIZE;
      }
      MemorySegment fprog = scratch.allocate(Abi.SOCK_FPROG_SIZE, 8);
      fprog.set(JAVA_SHORT, 0, (short) program.size());
      fprog.set(java.lang.foreign.ValueLayout.ADDRESS, 8, instructions);
      Libc.setsockopt(fd, Abi.SOL_SOCKET, Abi.SO_ATTACH_FILTER, fprog, "SO_ATTACH_FILTER", state);
    } catch (Libc.Failure e) {
      throw e.toCapture("the kernel refused the capture filter on " + interfaceName);
    }
  }

  /** Asks for the receive ring; the kernel allocates it now. */
  void requestRing(RingGeometry geometry) {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(scratch);
      MemorySegment request = scratch.allocate(Abi.TPACKET_REQ3_SIZE, 4);
      request.set(JAVA_INT, 0, geometry.blockSize());
      request.set(JAVA_INT, 4, geometry.blockCount());
      request.set(JAVA_INT, 8, Abi.RING_FRAME_SIZE);
      request.set(JAVA_INT, 12, geometry.frameCount());
      request.set(JAVA_INT, 16, geometry.blockTimeoutMillis());
      request.set(JAVA_INT, 20, 0); // tp_sizeof_priv
      request.set(JAVA_INT, 24, 0); // tp_feature_req_word
      Libc.setsockopt(fd, Abi.SOL_PACKET, Abi.PACKET_RX_RING, request, "PACKET_RX_RING", state);
    } catch (Libc.Failure e) {
      throw e.toCapture(
          "cannot allocate a " + geometry.ringSize() / 1024 + " KiB ring on " + interfaceName);
    }
  }

  /** Maps the ring requested before into this process; returns its address. */
  long mapRing(long size) {
    try (Arena scratch = Arena.ofConfined()) {
      return Libc.mmap(
          size, Abi.PROT_READ | Abi.PROT_WRITE, Abi.MAP_SHARED, fd, Libc.callState(scratch));
    } catch (Libc.Failure e) {
      throw e.toCapture("cannot map the capture ring of " + interfaceName);
    }
  }

  /** Starts the flow of packets: from now on the interface's traffic reaches the ring. */
  void bind() {
    bindProtocol(Abi.ETH_P_ALL);
  }

  /**
   * Stops the flow of packets. The kernel unhooks the socket and waits for a network RCU grace
   * period ({@code synchronize_net}), so when this returns no packet is being copied into the ring
   * and none will be: every packet already counted in a block is complete.
   */
  void unhook() {
    bindProtocol(0);
  }

  private void bindProtocol(int protocol) {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(scratch);
      MemorySegment address = scratch.allocate(Abi.SOCKADDR_LL_SIZE, 4);
      address.set(JAVA_SHORT, 0, (short) Abi.AF_PACKET);
      address.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) protocol);
      address.set(JAVA_INT, 4, interfaceIndex);
      Libc.bind(fd, address, state);
    } catch (Libc.Failure e) {
      throw e.toCapture("cannot bind the packet socket to " + interfaceName);
    }
  }

  /** Puts the interface in promiscuous mode for as long as this socket lives. */
  void enterPromiscuousMode() {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(scratch);
      MemorySegment request = scratch.allocate(Abi.PACKET_MREQ_SIZE, 4);
      request.set(JAVA_INT, 0, interfaceIndex);
      request.set(JAVA_SHORT, 4, (short) Abi.PACKET_MR_PROMISC);
      Libc.setsockopt(
          fd, Abi.SOL_PACKET, Abi.PACKET_ADD_MEMBERSHIP, request, "PACKET_ADD_MEMBERSHIP", state);
    } catch (Libc.Failure e) {
      throw e.toCapture("cannot put " + interfaceName + " in promiscuous mode");
    }
  }

  /** A reader of the kernel's drop counter, for one thread. */
  DropCounter dropCounter(Arena owner) {
    return new DropCounter(fd, owner);
  }

  /** Reads and clears the socket's pending error (an errno, 0 for none). */
  int takeError() {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment value = scratch.allocate(JAVA_INT);
      Libc.getsockopt(
          fd,
          Abi.SOL_SOCKET,
          Abi.SO_ERROR,
          value,
          scratch.allocate(JAVA_INT),
          "SO_ERROR",
          Libc.callState(scratch));
      return value.get(JAVA_INT, 0);
    } catch (Libc.Failure e) {
      throw e.toCapture("cannot read the packet socket's error on " + interfaceName);
    }
  }

  private void setIntOption(int level, int option, int value, String name) {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(scratch);
      MemorySegment segment = scratch.allocate(JAVA_INT);
      segment.set(JAVA_INT, 0, value);
      Libc.setsockopt(fd, level, option, segment, name, state);
    } catch (Libc.Failure e) {
      throw e.toCapture("cannot set up the packet socket on " + interfaceName);
    }
  }

  @Override
  public void close() {
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

  /**
   * The kernel's count of packets it had to drop because the ring was full. PACKET_STATISTICS
   * clears the counters on every read, so the counter adds them up.
   */
  static final class DropCounter {
    private final int fd;
    private final MemorySegment stats;
    private final MemorySegment length;
    private final MemorySegment state;
    private long drops;

    private DropCounter(int fd, Arena owner) {
      this.fd = fd;
      this.stats = owner.allocate(Abi.TPACKET_STATS_V3_SIZE, 4);
      this.length = owner.allocate(JAVA_INT);
      this.state = Libc.callState(owner);
    }

    long update() throws Libc.Failure {
      Libc.getsockopt(
          fd, Abi.SOL_PACKET, Abi.PACKET_STATISTICS, stats, length, "PACKET_STATISTICS", state);
      drops += Integer.toUnsignedLong(stats.get(JAVA_INT, 4));
      return drops;
    }

    long total() {
      return drops;
    }
  }
}
