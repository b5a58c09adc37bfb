package io.kcap.capture.internal;

import io.kcap.capture.CaptureEnd;
import io.kcap.capture.CaptureLimits;
import io.kcap.capture.CaptureStats;
import io.kcap.capture.PacketSink;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.InstantSource;

/**
 * The capture loop: waits for blocks with {@code poll}, walks each block's packets into the sink,
 * and hands the block back. One native call per block at most, none per packet, and no allocation
 * per packet.
 *
 * <p>On stop the socket is unhooked first; then the blocks already handed over and the packets of
 * the block the kernel was still filling are read too (see {@link PacketSocket#unhook}), so a
 * packet that reached the ring before the stop is never lost.
 */
final class RingReader {
  /** How long {@code poll} waits while nothing comes, so the sink can flush and rotate by time. */
  private static final int IDLE_TICK_MILLIS = 1000;

  /**
   * How often the sink is flushed while blocks keep coming. Each flush completes the file up to its
   * last packet, which costs a write of the partial last page through the page cache and, at the
   * next direct write over that page, its write-back and invalidation: once per block in a flood,
   * that was 7 % of the reader's CPU (BENCHMARKS.md).
   */
  static final long FLOOD_FLUSH_MILLIS = 250;

  /** The shortest wait on the clock for a block in a flood: below it, poll's own cost dominates. */
  static final long MIN_FLOOD_WAIT_NANOS = 100_000;

  /**
   * The longest fill time of a block that counts as a flood's. A block that took longer says
   * nothing of the rate now: at a slower rate polling costs little, and a block may hold a pause,
   * its first packets from before it and its last from after, when traffic stopped and started
   * again before the kernel handed the block over (the block timeout of a file is a second). Taken
   * as the rate, such a block had the reader wait 0.74 s on the clock while the returning flood
   * filled ten blocks: held to a quarter of a CPU, the ring then overflowed (BENCHMARKS.md).
   */
  static final long MAX_FLOOD_FILL_NANOS = 100_000_000;

  private static final int VLAN_TAG_LENGTH = 4;

  private final Ring ring;
  private final PacketSocket socket;
  private final Wakeup wakeup;
  private final PacketSink sink;
  private final int snapLength;
  private final int vlanTagOffset;
  private final CaptureLimits limits;
  private final InstantSource clock;

  private volatile boolean stopRequested;
  private volatile CaptureStats published = CaptureStats.ZERO;

  private int block;

  /** Whether packets went to the sink since its last flush, and when that flush was. */
  private boolean unflushed;

  private long flushedAt;
  private long packets;
  private long bytes;
  private CaptureEnd.Limit limitReached;

  RingReader(
      Ring ring,
      PacketSocket socket,
      Wakeup wakeup,
      PacketSink sink,
      int snapLength,
      LinkLayer link,
      CaptureLimits limits,
      InstantSource clock) {
    this.ring = ring;
    this.socket = socket;
    this.wakeup = wakeup;
    this.sink = sink;
    this.snapLength = snapLength;
    this.vlanTagOffset = link.vlanTagOffset();
    this.limits = limits;
    this.clock = clock;
  }

  CaptureStats stats() {
    return published;
  }

  /** Asks the loop to drain and end; returns at once. */
  void requestStop() {
    stopRequested = true;
    wakeup.signal();
  }

  /** Runs the capture until it is stopped, reaches a limit, or fails. */
  CaptureEnd run() {
    try (Arena arena = Arena.ofConfined()) {
      PacketSocket.DropCounter drops = socket.dropCounter(arena);
      try {
        return loop(arena, drops);
      } catch (IOException e) {
        return new CaptureEnd.Failed(
            "cannot write the capture: " + e.getMessage(), publish(dropsOrZero(drops)));
      } catch (Libc.Failure e) {
        return new CaptureEnd.Failed(e.getMessage(), publish(dropsOrZero(drops)));
      } catch (RuntimeException e) {
        return new CaptureEnd.Failed(String.valueOf(e.getMessage()), publish(drops.total()));
      }
    }
  }

  private CaptureEnd loop(Arena arena, PacketSocket.DropCounter drops)
      throws IOException, Libc.Failure {
    // Filled and read through ByteBuffer views: the code around poll runs once per block, mostly
    // interpreted, where a segment's VarHandle accessors are slow.
    MemorySegment pollFds = arena.allocate(2L * Abi.POLLFD_SIZE, 4);
    ByteBuffer fds = pollFds.asByteBuffer().order(ByteOrder.nativeOrder());
    fds.putInt(0, socket.fd()).putShort(4, Abi.POLLIN);
    fds.putInt(Abi.POLLFD_SIZE, wakeup.fd()).putShort(Abi.POLLFD_SIZE + 4, Abi.POLLIN);
    MemorySegment wakeupFd = pollFds.asSlice(Abi.POLLFD_SIZE, Abi.POLLFD_SIZE);
    MemorySegment callState = Libc.callState(arena);
    MemorySegment timespec = arena.allocate(16, 8);
    ByteBuffer timeoutView = timespec.asByteBuffer().order(ByteOrder.nativeOrder());
    long deadline = deadline();
    // How long the kernel took to fill the block read last, if it filled up; and how much of the
    // block waited for was in use at the last wait on the clock (see floodWaitNanos).
    long fillNanos = 0;
    int usedAtLastWait = -1;
    flushedAt = clock.millis();
    while (true) {
      if (stopRequested) {
        return drain(drops, new CaptureEnd.Stopped(CaptureStats.ZERO));
      }
      if (ring.userOwns(block)) {
        boolean more = deliver(block, ring.packetCount(block));
        if (!more) {
          return limitEnd(drops);
        }
        // The kernel marks a block when it dropped packets since the counter was last read:
        // without the mark there is nothing to add, and no system call to make.
        boolean losing = ring.losing(block);
        boolean filledUp = ring.blockSize() - ring.bytesUsed(block) < ring.blockSize() / 4;
        fillNanos = filledUp ? ring.fillNanos(block) : 0;
        usedAtLastWait = -1;
        ring.release(block);
        block = (block + 1) % ring.blockCount();
        publish(losing ? drops.update() : drops.total());
        unflushed = true;
        long now = clock.millis();
        if (now - flushedAt >= FLOOD_FLUSH_MILLIS) {
          flush(now);
        }
        if (now >= deadline) {
          return drain(drops, durationEnd());
        }
        continue;
      }
      long now = clock.millis();
      if (now >= deadline) {
        return drain(drops, durationEnd());
      }
      int timeout = (int) Math.min(IDLE_TICK_MILLIS, deadline - now);
      int used = ring.bytesUsed(block);
      long wait =
          floodWaitNanos(
              fillNanos, ring.blockSize(), used, usedAtLastWait, ring.blockTimeoutNanos());
      if (wait > 0) {
        usedAtLastWait = used;
        wait = Math.min(wait, timeout * 1_000_000L);
        timeoutView.putLong(0, wait / 1_000_000_000L).putLong(8, wait % 1_000_000_000L);
        Libc.poll(wakeupFd, 1, timespec, callState);
        continue;
      }
      // The traffic paused: what came so far goes out before the wait.
      if (unflushed) {
        flush(now);
      }
      // Every time: the ppoll system call writes the time it did not wait back into it.
      timeoutView.putLong(0, timeout / 1000).putLong(8, (timeout % 1000) * 1_000_000L);
      fds.putShort(6, (short) 0);
      int ready = Libc.poll(pollFds, 2, timespec, callState);
      if (ready == 0) {
        publish(drops.update());
        flush(clock.millis());
        continue;
      }
      short events = fds.getShort(6);
      if ((events & (Abi.POLLERR | Abi.POLLHUP | Abi.POLLNVAL)) != 0 && interfaceGone()) {
        return drain(drops, new CaptureEnd.InterfaceGone(CaptureStats.ZERO));
      }
    }
  }

  private void flush(long now) throws IOException {
    sink.flush();
    unflushed = false;
    flushedAt = now;
  }

  /**
   * How long to wait on the clock alone for the block the kernel is filling, or 0 to poll the
   * socket.
   *
   * <p>In a flood the kernel fills block after block and the reader, being faster, catches up with
   * it. Polling the packet socket then takes the lock the kernel takes for every packet it puts in
   * the ring; on a virtual machine a contended poll cost 0.3-0.4 ms of the reader's CPU, 12 % of
   * its time in a flood (BENCHMARKS.md). So when the block read last filled up, the reader waits
   * for about the time the rest of this one takes at the same rate, on the wake-up descriptor only,
   * and looks again; it goes back to polling once a wait saw the block stop growing, so a flood
   * that ends leaves the reader polling, as it does at any other time.
   *
   * @param fillNanos how long the kernel took to fill the block read last, 0 if that block did not
   *     fill up (it was handed over on its timeout, or at a stop); above {@link
   *     #MAX_FLOOD_FILL_NANOS} it is no flood
   * @param used bytes of the block in use now, its header included
   * @param usedAtLastWait bytes in use at the last wait on the clock for this block, -1 if none
   * @param blockTimeoutNanos the ring's block timeout, the longest wait: by then the kernel hands
   *     the block over anyway
   */
  static long floodWaitNanos(
      long fillNanos, int blockSize, int used, int usedAtLastWait, long blockTimeoutNanos) {
    if (fillNanos <= 0
        || fillNanos > MAX_FLOOD_FILL_NANOS
        || used <= usedAtLastWait
        || used >= blockSize) {
      return 0;
    }
    long fill = Math.min(fillNanos, blockTimeoutNanos);
    return Math.max(fill * (blockSize - used) / blockSize, MIN_FLOOD_WAIT_NANOS);
  }

  /**
   * Clears the socket's error and tells whether the interface is gone. The kernel reports ENETDOWN
   * both when the interface goes down (the socket keeps working once it is up again) and when it is
   * deleted.
   */
  private boolean interfaceGone() {
    int error = socket.takeError();
    if (error != Libc.ENETDOWN && error != Libc.ENODEV) {
      return false;
    }
    return !socket.interfaceStillExists();
  }

  private long deadline() {
    long start = clock.millis();
    try {
      return Math.addExact(start, limits.maxDuration().toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private CaptureEnd durationEnd() {
    return new CaptureEnd.LimitReached(CaptureEnd.Limit.DURATION, CaptureStats.ZERO);
  }

  private CaptureEnd limitEnd(PacketSocket.DropCounter drops) throws Libc.Failure {
    return new CaptureEnd.LimitReached(limitReached, publish(drops.update()));
  }

  /**
   * Unhooks the socket, then records what reached the ring before: the blocks handed over and the
   * packets of the block the kernel was filling. The end keeps its kind and gets the final
   * counters.
   */
  private CaptureEnd drain(PacketSocket.DropCounter drops, CaptureEnd end)
      throws IOException, Libc.Failure {
    if (!(end instanceof CaptureEnd.InterfaceGone)) {
      // A deleted interface has unhooked the socket already, after the last packet.
      socket.unhook();
    }
    for (int seen = 0; seen < ring.blockCount() && ring.userOwns(block); seen++) {
      if (!deliver(block, ring.packetCount(block))) {
        return limitEnd(drops);
      }
      ring.release(block);
      block = (block + 1) % ring.blockCount();
    }
    if (!deliver(block, ring.packetCount(block))) {
      return limitEnd(drops);
    }
    CaptureStats stats = publish(drops.update());
    return switch (end) {
      case CaptureEnd.Stopped ignored -> new CaptureEnd.Stopped(stats);
      case CaptureEnd.LimitReached l -> new CaptureEnd.LimitReached(l.limit(), stats);
      case CaptureEnd.InterfaceGone ignored -> new CaptureEnd.InterfaceGone(stats);
      case CaptureEnd.Failed f -> new CaptureEnd.Failed(f.message(), stats);
    };
  }

  /**
   * Hands {@code count} packets of {@code block} to the sink; false once a limit is reached.
   *
   * <p>The walk keeps its state in local variables and hands each packet on in the ring's own form.
   * With the launcher's settings C2 inlines a file or stream sink here and calls its record writer
   * out of line, once per packet; a field of this reader would be stored before each such call and
   * loaded again after it (BENCHMARKS.md).
   */
  private boolean deliver(int block, int count) throws IOException {
    ByteBuffer headers = ring.headers(block);
    ByteBuffer frames = ring.payload(block);
    PacketSink sink = this.sink;
    int snapLength = this.snapLength;
    int vlanTagOffset = this.vlanTagOffset;
    long maxBytes = limits.maxBytes();
    long maxPackets = limits.maxPackets();
    long packets = this.packets;
    long bytes = this.bytes;
    int offset = ring.firstPacketOffset(block);
    try {
      for (int i = 0; i < count; i++) {
        int status = headers.getInt(offset + Abi.PKT_STATUS);
        int captured = headers.getInt(offset + Abi.PKT_SNAPLEN);
        int length = headers.getInt(offset + Abi.PKT_LEN);
        int start = offset + Short.toUnsignedInt(headers.getShort(offset + Abi.PKT_MAC));
        if (vlanTagOffset >= 0) {
          int tci = headers.getInt(offset + Abi.PKT_VLAN_TCI) & 0xFFFF;
          if ((tci != 0 || (status & Abi.TP_STATUS_VLAN_VALID) != 0) && captured >= vlanTagOffset) {
            int tpid = Short.toUnsignedInt(headers.getShort(offset + Abi.PKT_VLAN_TPID));
            if (tpid == 0 && (status & Abi.TP_STATUS_VLAN_TPID_VALID) == 0) {
              tpid = Abi.ETH_P_8021Q;
            }
            start = insertVlanTag(headers, start, tpid, tci);
            captured += VLAN_TAG_LENGTH;
            length += VLAN_TAG_LENGTH;
          }
        }
        captured = Math.min(captured, snapLength);
        if (bytes + captured > maxBytes) {
          limitReached = CaptureEnd.Limit.BYTES;
          return false;
        }
        sink.packet(
            Integer.toUnsignedLong(headers.getInt(offset + Abi.PKT_SEC)),
            headers.getInt(offset + Abi.PKT_NSEC),
            length,
            frames,
            start,
            captured);
        packets++;
        bytes += captured;
        if (packets >= maxPackets) {
          limitReached = CaptureEnd.Limit.PACKETS;
          return false;
        }
        offset += headers.getInt(offset + Abi.PKT_NEXT_OFFSET);
      }
      return true;
    } finally {
      this.packets = packets;
      this.bytes = bytes;
    }
  }

  /**
   * Puts back the 802.1Q/802.1ad tag the kernel moved into the packet's metadata, the way libpcap
   * does: the MAC addresses move 4 bytes towards the front of the frame's headroom in the ring, and
   * the tag (TPID, TCI, network order) goes between them and the EtherType.
   */
  private int insertVlanTag(ByteBuffer headers, int start, int tpid, int tci) {
    int newStart = start - VLAN_TAG_LENGTH;
    for (int i = 0; i < vlanTagOffset; i++) {
      headers.put(newStart + i, headers.get(start + i));
    }
    headers.put(newStart + vlanTagOffset, (byte) (tpid >>> 8));
    headers.put(newStart + vlanTagOffset + 1, (byte) tpid);
    headers.put(newStart + vlanTagOffset + 2, (byte) (tci >>> 8));
    headers.put(newStart + vlanTagOffset + 3, (byte) tci);
    return newStart;
  }

  private CaptureStats publish(long drops) {
    CaptureStats stats = new CaptureStats(packets, bytes, drops);
    published = stats;
    sink.counters(stats);
    return stats;
  }

  private long dropsOrZero(PacketSocket.DropCounter drops) {
    try {
      return drops.update();
    } catch (Libc.Failure e) {
      return drops.total();
    }
  }
}
