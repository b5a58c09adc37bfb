package io.kcap.capture;

import io.kcap.pcap.Packet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Keeps every packet in memory and records the calls, for tests. */
final class ListSink implements PacketSink {
  final List<Packet> packets = new ArrayList<>();
  final List<String> calls = new ArrayList<>();
  volatile CaptureInfo info;
  volatile CaptureStats finished;

  @Override
  public void start(CaptureInfo capture) {
    info = capture;
    calls.add("start");
  }

  @Override
  public synchronized void packet(
      long seconds, int nanos, int originalLength, ByteBuffer frames, int offset, int length) {
    byte[] bytes = new byte[length];
    frames.get(offset, bytes);
    packets.add(new Packet(seconds * 1_000_000_000L + nanos, originalLength, 0, bytes));
  }

  @Override
  public void flush() {}

  @Override
  public void finish(CaptureStats stats) {
    finished = stats;
    calls.add("finish");
  }

  synchronized List<Packet> snapshot() {
    return List.copyOf(packets);
  }
}
