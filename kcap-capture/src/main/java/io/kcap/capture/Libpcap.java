package io.kcap.capture;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.kcap.pcap.bpf.BpfInstruction;
import io.kcap.pcap.bpf.BpfProgram;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The handful of libpcap functions kcap calls, bound through FFM. libpcap is loaded by name at run
 * time so that kcap runs (without raw-expression support) on nodes that lack it.
 *
 * <p>Every function is bound with one shape, five 64-bit integer arguments and a 64-bit result.
 * Why: FFM generates code for every distinct shape it binds, tens of milliseconds each at start-up,
 * and libpcap is bound on the way of every {@code kcap pcap filter EXPR}; with one shape it
 * generates code once. The call is the one C makes on the 64-bit Linux ABIs kcap runs on (x86-64,
 * AArch64, RISC-V): pointers and C ints travel in the same integer registers as longs, an int
 * argument is passed sign-extended (what {@code (long) int} gives, and what RISC-V asks for even
 * for unsigned ints), a callee reads only the registers of its own parameters, and an int result is
 * the low half of the result register, which {@code (int)} takes. Not thread-safe; {@link
 * PcapFilterCompiler} serializes the calls.
 *
 * <p>Restricted FFM methods are this class's purpose; the launcher grants native access.
 */
@SuppressWarnings("restricted")
final class Libpcap {
  /** Debian's libpcap0.8 ships the first name; other distributions use the others. */
  static final List<String> LIBRARY_NAMES = List.of("libpcap.so.0.8", "libpcap.so.1", "libpcap.so");

  /** {@code PCAP_NETMASK_UNKNOWN}: kcap never compiles "ip broadcast", which needs a netmask. */
  private static final int NETMASK_UNKNOWN = 0xffffffff;

  /** {@code struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }}. */
  private static final StructLayout BPF_PROGRAM =
      MemoryLayout.structLayout(
          JAVA_INT.withName("bf_len"),
          MemoryLayout.paddingLayout(ADDRESS.byteSize() - JAVA_INT.byteSize()),
          ADDRESS.withName("bf_insns"));

  /** {@code struct bpf_insn { u_short code; u_char jt; u_char jf; bpf_u_int32 k; }}. */
  private static final long BPF_INSN_SIZE = 8;

  /** The one shape every function is bound with (see above). */
  private static final FunctionDescriptor SHAPE =
      FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);

  private final SymbolLookup library;
  private final MethodHandle openDead;
  private final MethodHandle compile;
  private final MethodHandle freeCode;
  private final MethodHandle close;
  private final MethodHandle getErr;
  private final MethodHandle datalinkNameToVal;

  private Libpcap(SymbolLookup library) {
    this.library = library;
    openDead = bind("pcap_open_dead");
    compile = bind("pcap_compile");
    freeCode = bind("pcap_freecode");
    close = bind("pcap_close");
    getErr = bind("pcap_geterr");
    datalinkNameToVal = bind("pcap_datalink_name_to_val");
  }

  private MethodHandle bind(String function) {
    return Linker.nativeLinker().downcallHandle(library.findOrThrow(function), SHAPE);
  }

  /** Calls a function bound with {@link #SHAPE}; missing arguments are zeros it never reads. */
  private static long call(MethodHandle function, long a, long b, long c, long d, long e)
      throws Throwable {
    return (long) function.invokeExact(a, b, c, d, e);
  }

  /**
   * Loads the first of {@code names} that the dynamic linker finds.
   *
   * @throws CaptureException naming the Debian package when none is installed
   */
  static Libpcap load(List<String> names) {
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      try {
        return new Libpcap(SymbolLookup.libraryLookup(name, Arena.global()));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    throw new CaptureException(
        "libpcap is needed to compile filter expressions but none of "
            + String.join(", ", names)
            + " could be loaded ("
            + String.join("; ", problems)
            + "); install it, e.g. with the Debian package libpcap0.8");
  }

  /** libpcap's DLT_ number for a LINKTYPE_ (they differ for a few, such as RAW). */
  int dataLinkType(String linkTypeName, int linkTypeValue) {
    try (Arena arena = Arena.ofConfined()) {
      int dlt =
          (int) call(datalinkNameToVal, arena.allocateFrom(linkTypeName).address(), 0, 0, 0, 0);
      return dlt >= 0 ? dlt : linkTypeValue;
    } catch (Throwable e) {
      throw unexpected("pcap_datalink_name_to_val", e);
    }
  }

  /**
   * {@code pcap_compile} on a dead handle. Not thread-safe in libpcap before 1.8 (its parser has
   * global state), so callers serialize.
   *
   * @throws CaptureException with libpcap's message when the expression does not compile
   */
  BpfProgram compile(String expression, int dataLinkType, int snapLength) {
    long handle;
    try {
      handle = call(openDead, dataLinkType, snapLength, 0, 0, 0);
    } catch (Throwable e) {
      throw unexpected("pcap_open_dead", e);
    }
    if (handle == 0) {
      throw new CaptureException(
          "libpcap could not open a handle for data link type " + dataLinkType);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment program = arena.allocate(BPF_PROGRAM);
      int status =
          (int)
              call(
                  compile,
                  handle,
                  program.address(),
                  arena.allocateFrom(expression).address(),
                  1,
                  NETMASK_UNKNOWN);
      if (status != 0) {
        MemorySegment message = MemorySegment.ofAddress(call(getErr, handle, 0, 0, 0, 0));
        throw new CaptureException(
            "filter expression '"
                + expression
                + "' does not compile: "
                + message.reinterpret(Integer.MAX_VALUE).getString(0));
      }
      try {
        return read(program);
      } finally {
        call(freeCode, program.address(), 0, 0, 0, 0);
      }
    } catch (CaptureException e) {
      throw e;
    } catch (Throwable e) {
      throw unexpected("pcap_compile", e);
    } finally {
      try {
        call(close, handle, 0, 0, 0, 0);
      } catch (Throwable e) {
        throw unexpected("pcap_close", e);
      }
    }
  }

  private static BpfProgram read(MemorySegment program) {
    int length =
        program.get(
            JAVA_INT, BPF_PROGRAM.byteOffset(MemoryLayout.PathElement.groupElement("bf_len")));
    MemorySegment instructions =
        program
            .get(ADDRESS, BPF_PROGRAM.byteOffset(MemoryLayout.PathElement.groupElement("bf_insns")))
            .reinterpret(Integer.toUnsignedLong(length) * BPF_INSN_SIZE);
    List<BpfInstruction> result = new ArrayList<>(length);
    for (long offset = 0; offset < instructions.byteSize(); offset += BPF_INSN_SIZE) {
      result.add(
          new BpfInstruction(
              Short.toUnsignedInt(instructions.get(JAVA_SHORT, offset)),
              Byte.toUnsignedInt(instructions.get(JAVA_BYTE, offset + 2)),
              Byte.toUnsignedInt(instructions.get(JAVA_BYTE, offset + 3)),
              instructions.get(JAVA_INT, offset + 4)));
    }
    return new BpfProgram(result);
  }

  private static CaptureException unexpected(String function, Throwable e) {
    if (e instanceof Error error) {
      throw error;
    }
    return new CaptureException("calling libpcap's " + function + " failed: " + e, e);
  }
}
