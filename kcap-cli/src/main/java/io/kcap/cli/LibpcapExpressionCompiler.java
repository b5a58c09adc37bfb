package io.kcap.cli;

import io.kcap.capture.CaptureException;
import io.kcap.capture.PcapFilterCompiler;
import io.kcap.pcap.LinkType;
import io.kcap.pcap.PacketPredicate;
import io.kcap.pcap.bpf.BpfInterpreter;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Filter expressions as tcpdump runs them on a file: libpcap compiles the expression for the link
 * type of each interface, and kcap's BPF interpreter runs the program on every packet, with the
 * captured length and the length on the wire that {@code pcap_offline_filter} passes.
 */
final class LibpcapExpressionCompiler implements FilterExpressionCompiler {

  /**
   * Has libpcap loaded and bound on another thread, for a run that will compile an expression:
   * binding takes tens of milliseconds, which the other core spends while this one builds the
   * command line. A compilation that comes first waits for it.
   */
  static void prepareInBackground() {
    Thread.ofPlatform().daemon().name("kcap-libpcap").start(PcapFilterCompiler::prepare);
  }

  @Override
  public PacketPredicate.Factory compile(String expression) {
    Map<LinkType, BpfInterpreter> programs = new HashMap<>();
    return captureInterface -> {
      BpfInterpreter interpreter =
          programs.computeIfAbsent(captureInterface.linkType(), type -> compile(expression, type));
      return new InterpretedPredicate(interpreter);
    };
  }

  private static BpfInterpreter compile(String expression, LinkType linkType) {
    try {
      // The snap length only sets the value an accepting program returns, not what it accepts.
      return new BpfInterpreter(
          PcapFilterCompiler.compile(expression, linkType, PcapFilterCompiler.MAX_SNAP_LENGTH));
    } catch (CaptureException e) {
      throw new IllegalArgumentException(
          e.getMessage()
              + (linkType.equals(LinkType.ETHERNET) ? "" : " (link type " + linkType + ")"),
          e);
    }
  }

  /** Runs one interface's program on the packet where it lies in the reader's buffer. */
  private record InterpretedPredicate(BpfInterpreter interpreter) implements PacketPredicate {
    @Override
    public boolean test(ByteBuffer buffer, int offset, int capturedLength, long originalLength) {
      return interpreter.accepts(buffer, offset, capturedLength, (int) originalLength);
    }
  }
}
