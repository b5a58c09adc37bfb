package io.kcap.cli;

import io.kcap.selector.Selector;
import io.kcap.selector.SelectorSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kcap selector match}: would a pod with these labels be captured? */
@Command(
    name = "match",
    mixinStandardHelpOptions = true,
    description = {
      "Print true if a pod with the given labels matches the selector, false if not.",
      "Example: kcap selector match 'app == \"web\" && !has(canary)' app=web tier=front"
    })
final class SelectorMatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SELECTOR",
      description = "Calico selector; quote it for the shell. Empty means all().")
  String selector;

  @Parameters(
      index = "1..*",
      arity = "0..*",
      paramLabel = "KEY=VALUE",
      description =
          "A label of the pod; the value may be empty or hold '='. None means a pod without"
              + " labels.")
  List<String> labels = new ArrayList<>();

  @Override
  public Integer call() {
    Map<String, String> podLabels = new LinkedHashMap<>();
    for (String label : labels) {
      int equals = label.indexOf('=');
      if (equals < 0) {
        throw new CliException("label '" + label + "' is not KEY=VALUE", 2);
      }
      if (equals == 0) {
        throw new CliException("label '" + label + "' has an empty key", 2);
      }
      String key = label.substring(0, equals);
      if (podLabels.put(key, label.substring(equals + 1)) != null) {
        throw new CliException("label '" + key + "' is given twice", 2);
      }
    }
    Selector parsed;
    try {
      parsed = Selector.parse(selector);
    } catch (SelectorSyntaxException e) {
      return SelectorCommand.printSyntaxError(spec.commandLine().getErr(), e);
    }
    spec.commandLine().getOut().println(parsed.matches(podLabels));
    return 0;
  }
}
