package io.kcap.capture;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.bpf.BpfInterpreter;
import io.kcap.pcap.bpf.BpfProgram;
import java.util.Objects;

/**
 * Compiles pcap-filter expressions (the language of tcpdump, {@code man 7 pcap-filter}) to classic
 * BPF with the system's libpcap, exactly as {@code tcpdump -d} would.
 *
 * <p>libpcap is loaded on first use; captures defined only by kcap's traffic filters never need it
 * (see {@link io.kcap.capture.filter.TrafficFilterCompiler}).
 *
 * {@snippet :
 * BpfProgram program = PcapFilterCompiler.compile("tcp port 443", LinkType.ETHERNET, 262144);
 * }
 */
public final class PcapFilterCompiler {
  /** libpcap's {@code MAXIMUM_SNAPLEN}. */
  public static final int MAX_SNAP_LENGTH = 262144;

  /** {@code DLT_EN10MB}, the number of {@code LINKTYPE_ETHERNET} on every platform. */
  private static final int DLT_EN10MB = 1;

  private static final Object LOCK = new Object();
  private static Libpcap libpcap;

  private PcapFilterCompiler() {}

  /**
   * Compiles {@code expression} with the optimizer on and an unknown netmask.
   *
   * @param linkType the link type of the packets the program will see
   * @param snapLength the number of bytes an accepting program asks to keep, 1 to {@value
   *     #MAX_SNAP_LENGTH}
   * @throws CaptureException with libpcap's message if the expression does not compile (including
   *     an expression that rejects every packet, which libpcap reports as an error) or if libpcap
   *     is not installed
   */
  public static BpfProgram compile(String expression, LinkType linkType, int snapLength) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(linkType, "linkType");
    if (snapLength < 1 || snapLength > MAX_SNAP_LENGTH) {
      throw new IllegalArgumentException(
          "snap length " + snapLength + " is outside 1.." + MAX_SNAP_LENGTH);
    }
    if (expression.indexOf('\0') >= 0) {
      throw new CaptureException(
          "filter expression '" + expression.replace('\0', '?') + "' contains a NUL character");
    }
    // pcap_compile keeps parser state in globals in libpcaps older than 1.8: one call at a time.
    synchronized (LOCK) {
      if (libpcap == null) {
        libpcap = Libpcap.load(Libpcap.LIBRARY_NAMES);
      }
      int dataLinkType =
          linkType.equals(LinkType.ETHERNET)
              ? DLT_EN10MB
              : libpcap.dataLinkType(linkType.displayName(), linkType.value());
      return libpcap.compile(expression, dataLinkType, snapLength);
    }
  }

  /**
   * Loads libpcap, binds its functions and compiles a first expression unless that is done already,
   * so that the next {@link #compile} does not wait for it. That takes tens of milliseconds (FFM
   * generates code for the binding and for the first calls): a caller that knows it will compile
   * can have it done on another thread meanwhile. A compilation started during the preparation
   * waits for it. A libpcap that cannot be loaded is left for {@link #compile} to report.
   */
  public static void prepare() {
    synchronized (LOCK) {
      if (libpcap == null) {
        try {
          libpcap = Libpcap.load(Libpcap.LIBRARY_NAMES);
          // The first calls through the binding, the first reads of native memory and the first
          // translation of a program to bytecode generate code too: one compilation, translated,
          // has that done here as well.
          new BpfInterpreter(libpcap.compile("ip", DLT_EN10MB, MAX_SNAP_LENGTH));
        } catch (CaptureException e) {
          // compile loads again and throws this to a caller that can report it.
        }
      }
    }
  }
}
