package io.kcap.cli;

import io.kcap.selector.SelectorVectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kcap selector check}: run a file of selector test vectors, such as Calico's. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check kcap's selectors against a file of test vectors: print one line per failing vector,"
          + " then 'N passed, M failed'. Exits 0 when nothing failed, 1 when something did, 2 when"
          + " the file cannot be read or is not in the format below.",
      "The file is a JSON object with optional arrays: 'match' of {selector, labels, matches}"
          + " (the selector must parse and matches(labels) be 'matches'), 'errors' of {selector}"
          + " (must be rejected), 'canonical' of {selector, canonical} (must print exactly so),"
          + " 'valid' of {selector} (must parse). Entries may carry 'from' and 'reason'.",
      "Example: kcap selector check shared/selector/calico-vectors.json"
    })
final class SelectorCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The JSON vector file (UTF-8).")
  Path file;

  @Override
  public Integer call() {
    SelectorVectors vectors;
    try {
      vectors = SelectorVectors.read(file);
    } catch (IOException e) {
      throw new CliException(e.getMessage(), 2);
    }
    Map<String, List<? extends SelectorVectors.Vector>> sections = new LinkedHashMap<>();
    sections.put("match", vectors.match());
    sections.put("errors", vectors.errors());
    sections.put("canonical", vectors.canonical());
    sections.put("valid", vectors.valid());
    PrintWriter out = spec.commandLine().getOut();
    int failed = 0;
    for (Map.Entry<String, List<? extends SelectorVectors.Vector>> section : sections.entrySet()) {
      List<? extends SelectorVectors.Vector> entries = section.getValue();
      for (int i = 0; i < entries.size(); i++) {
        SelectorVectors.Vector vector = entries.get(i);
        Optional<String> failure = vector.failure();
        if (failure.isPresent()) {
          failed++;
          String from = vector.from().isEmpty() ? "" : " (from " + vector.from() + ")";
          out.println(section.getKey() + "[" + i + "] " + failure.get() + from);
        }
      }
    }
    out.println((vectors.size() - failed) + " passed, " + failed + " failed");
    return failed == 0 ? 0 : 1;
  }
}
