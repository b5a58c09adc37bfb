package io.kcap.cli;

import io.kcap.selector.Selector;
import io.kcap.selector.SelectorSyntaxException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kcap selector canonical}: the one spelling Calico and kcap print for a selector. */
@Command(
    name = "canonical",
    mixinStandardHelpOptions = true,
    description = {
      "Print the canonical form of a selector, as Calico prints it: every && and || group in"
          + " parentheses, single spaces, double quotes unless the value holds one, sets sorted"
          + " and without duplicates.",
      "Example: kcap selector canonical \"a startswith 'x'&&b in {'z','y'}\""
    })
final class SelectorCanonicalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SELECTOR",
      description = "Calico selector; quote it for the shell. Empty means all().")
  String selector;

  @Override
  public Integer call() {
    try {
      spec.commandLine().getOut().println(Selector.parse(selector));
      return 0;
    } catch (SelectorSyntaxException e) {
      return SelectorCommand.printSyntaxError(spec.commandLine().getErr(), e);
    }
  }
}
