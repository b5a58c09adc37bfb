package io.kcap.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Traffic for the training of {@code kcap capture}'s AOT cache: the {@code ./kcap} launcher runs
 * this in a JVM of its own next to the training capture of the loopback interface, so that the
 * capture's packet path runs there as it does in a flood and the cache holds its profiles. With
 * them the JIT compiles that path in fewer pieces when a flood begins, while the loop still runs
 * interpreted (BENCHMARKS.md, "Live capture").
 *
 * <p>It sends UDP datagrams of 18 bytes (60-byte Ethernet frames, as in the capture benchmark) from
 * 127.0.0.1 to a socket of its own on 127.0.0.1 that never reads them, for at most the number of
 * seconds given, and nothing anywhere else. A separate JVM keeps its networking classes out of the
 * capture's cache, which preloads every class it holds at each start.
 *
 * <p>Run as {@code java -cp kcap.jar io.kcap.cli.TrainingTraffic SECONDS}.
 */
final class TrainingTraffic {
  /** Bytes of UDP payload: with 14 of Ethernet, 20 of IPv4 and 8 of UDP, a 60-byte frame. */
  static final int PAYLOAD_BYTES = 18;

  private TrainingTraffic() {}

  static void main(String[] args) throws IOException {
    if (args.length != 1 || !args[0].matches("[1-9][0-9]{0,2}")) {
      System.err.println("usage: TrainingTraffic SECONDS (1-999)");
      System.exit(2);
    }
    send(Long.parseLong(args[0]) * 1_000_000_000L);
  }

  /** Sends datagrams over loopback for {@code nanos}; returns how many it sent. */
  static long send(long nanos) throws IOException {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    try (DatagramChannel receiver = DatagramChannel.open(StandardProtocolFamily.INET);
        DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET)) {
      // The receiver's buffer fills and the kernel drops the rest there, after the capture saw
      // them.
      receiver.bind(new InetSocketAddress(loopback, 0));
      sender.connect(receiver.getLocalAddress());
      ByteBuffer payload = ByteBuffer.allocateDirect(PAYLOAD_BYTES);
      long end = System.nanoTime() + nanos;
      long sent = 0;
      while (System.nanoTime() < end) {
        for (int i = 0; i < 1000; i++) {
          payload.clear();
          sender.write(payload);
        }
        sent += 1000;
      }
      return sent;
    }
  }
}
