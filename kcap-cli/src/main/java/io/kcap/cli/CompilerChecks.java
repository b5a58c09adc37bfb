package io.kcap.cli;

import io.kcap.api.ExpressionChecks;
import io.kcap.capture.CaptureException;
import io.kcap.capture.PcapFilterCompiler;
import io.kcap.pcap.LinkType;
import io.kcap.selector.Selector;
import io.kcap.selector.SelectorSyntaxException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The checks a PacketCapture's expressions get before kcap accepts it: selectors through kcap's
 * Calico parser, pcap-filter expressions through libpcap for an Ethernet capture, as the agent
 * compiles them.
 */
final class CompilerChecks implements ExpressionChecks, FilterCompiler {

  @Override
  public Optional<String> selectorError(String selector) {
    try {
      Selector.parse(selector);
      return Optional.empty();
    } catch (SelectorSyntaxException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public Optional<String> bpfError(String expression) {
    try {
      compile(expression);
      return Optional.empty();
    } catch (CaptureException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public OptionalInt instructionCount(String expression) {
    try {
      return OptionalInt.of(compile(expression));
    } catch (CaptureException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static int compile(String expression) {
    return PcapFilterCompiler.compile(
            expression, LinkType.ETHERNET, PcapFilterCompiler.MAX_SNAP_LENGTH)
        .size();
  }
}
