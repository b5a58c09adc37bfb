package io.kcap.cli;

import java.util.OptionalInt;

/**
 * Compiles a pcap-filter expression to classic BPF for an Ethernet capture, as the agent will, to
 * tell {@code kcap validate --show-bpf} how large the program is.
 */
@FunctionalInterface
interface FilterCompiler {
  /** For a kcap without a filter compiler: sizes are simply not shown. */
  FilterCompiler UNAVAILABLE = expression -> OptionalInt.empty();

  /**
   * The number of instructions {@code expression} compiles to; empty when this kcap cannot tell.
   *
   * @throws IllegalArgumentException with the compiler's message when it does not compile
   */
  OptionalInt instructionCount(String expression);
}
