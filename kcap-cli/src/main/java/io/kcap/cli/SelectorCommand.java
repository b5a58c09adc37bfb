package io.kcap.cli;

import io.kcap.selector.SelectorSyntaxException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kcap selector}: the Calico selector language of {@code spec.selector}, at hand. */
@Command(
    name = "selector",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate, normalise and check Calico label selectors, the language of a capture's"
          + " spec.selector.",
      "A selector that begins with '-' must follow '--'."
    },
    subcommands = {
      SelectorMatchCommand.class,
      SelectorCanonicalCommand.class,
      SelectorCheckCommand.class
    })
final class SelectorCommand implements Runnable {
  /** Exit code of a selector that does not parse, as for any other bad input. */
  static final int SYNTAX_ERROR = 2;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Shows where a selector fails: the selector, a caret under the offset, then the message. Line
   * breaks (never valid in a selector) are shown as spaces so that the caret stays in its column.
   */
  static int printSyntaxError(PrintWriter err, SelectorSyntaxException e) {
    String input = e.input();
    StringBuilder shown = new StringBuilder(input.length());
    StringBuilder caret = new StringBuilder();
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r';
      shown.append(lineBreak ? ' ' : c);
      // One caret column per code point; a tab stays a tab so that the caret lines up under it.
      if (i < e.offset() && !Character.isLowSurrogate(c)) {
        caret.append(c == '\t' ? '\t' : ' ');
      }
    }
    err.println(shown);
    err.println(caret.append('^'));
    err.println(e.getMessage());
    return SYNTAX_ERROR;
  }
}
