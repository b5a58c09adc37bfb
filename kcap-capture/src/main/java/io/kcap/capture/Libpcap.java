package io.kcap.capture;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
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
 * <p>Binding a function costs about 10 ms of generated code, a large share of a short {@code kcap
 * pcap filter} run: the functions a successful compilation for Ethernet does not call are bound on
 * first use. Not thread-safe; {@link PcapFilterCompiler} serializes the calls.
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

  private final SymbolLookup library;
  private final MethodHandle openDead;
  private final MethodHandle compile;
  private final MethodHandle freeCode;
  private final MethodHandle close;
  private MethodHandle getErr;
  private MethodHandle datalinkNameToVal;

  private Libpcap(SymbolLookup library) {
    this.library = library;
    openDead = bind("pcap_open_dead", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT));
    compile =
        bind(
            "pcap_compile",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
    freeCode = bind("pcap_freecode", FunctionDescriptor.ofVoid(ADDRESS));
    close = bind("pcap_close", FunctionDescriptor.ofVoid(ADDRESS));
  }

  private MethodHandle bind(String function, FunctionDescriptor descriptor) {
    return Linker.nativeLinker().downcallHandle(library.findOrThrow(function), descriptor);
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
    if (datalinkNameToVal == null) {
      datalinkNameToVal =
          bind("pcap_datalink_name_to_val", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }
    try (Arena arena = Arena.ofConfined()) {
      int dlt = (int) datalinkNameToVal.invokeExact(arena.allocateFrom(linkTypeName));
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
    MemorySegment handle;
    try {
      handle = (MemorySegment) openDead.invokeExact(dataLinkType, snapLength);
    } catch (Throwable e) {
      throw unexpected("pcap_open_dead", e);
    }
    if (handle.equals(MemorySegment.NULL)) {
      throw new CaptureException(
          "libpcap could not open a handle for data link type " + dataLinkType);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment program = arena.allocate(BPF_PROGRAM);
      int status =
          (int)
              compile.invokeExact(
                  handle, program, arena.allocateFrom(expression), 1, NETMASK_UNKNOWN);
      if (status != 0) {
        if (getErr == null) {
          getErr = bind("pcap_geterr", FunctionDescriptor.of(ADDRESS, ADDRESS));
        }
        MemorySegment message = (MemorySegment) getErr.invokeExact(handle);
        throw new CaptureException(
            "filter expression '"
                + expression
                + "' does not compile: "
                + message.reinterpret(Integer.MAX_VALUE).getString(0));
      }
      try {
        return read(program);
      } finally {
        freeCode.invokeExact(program);
      }
    } catch (CaptureException e) {
      throw e;
    } catch (Throwable e) {
      throw unexpected("pcap_compile", e);
    } finally {
      try {
        close.invokeExact(handle);
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
