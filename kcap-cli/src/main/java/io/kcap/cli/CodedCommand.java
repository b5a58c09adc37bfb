package io.kcap.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command whose picocli model is written in code rather than read from annotations.
 *
 * <p>Why: to build a model from annotations picocli reflects over every field and method of the
 * command, and the JDK generates a proxy class for every annotation type it meets. Run once, at
 * start-up, before the JIT has compiled any of it, that took 60-80 ms of every run of {@code kcap
 * pcap filter}; the same model written in code builds in under 10 ms. The commands whose start-up
 * is measured are built this way: {@code kcap pcap info|filter|merge}, timed against tcpdump,
 * capinfos and mergecap with start-up included, {@code kcap capture}, whose time from launch to the
 * ring being attached is a goal, and the groups above them ({@code kcap}, {@code kcap pcap}); the
 * others keep their annotations. {@link KcapMain} builds a subcommand from its {@link #model} when
 * its class implements this interface.
 *
 * <p>Options are declared as {@link OptionSpec} fields and read with {@code getValue()} when the
 * command runs. The help text is the same as the annotations gave.
 */
interface CodedCommand {

  /** This command's model, bound to this instance; built anew on every call. */
  CommandSpec model();

  /**
   * Adds {@code -h, --help} and {@code -V, --version} as picocli's {@code mixinStandardHelpOptions}
   * does (after the command's own options in the help), and returns {@code spec}.
   */
  static CommandSpec withStandardHelp(CommandSpec spec) {
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show this help message and exit.")
            .build());
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print version information and exit.")
            .build());
    return spec;
  }

  /**
   * An option that takes one value, a string unless {@code type} says otherwise; ready for more
   * settings and {@code build()}.
   */
  static OptionSpec.Builder stringOption(String[] names, String paramLabel, String... description) {
    return OptionSpec.builder(names)
        .paramLabel(paramLabel)
        .type(String.class)
        .description(description);
  }

  /** An option without a value. */
  static OptionSpec flag(String name, String... description) {
    return OptionSpec.builder(name).arity("0").type(boolean.class).description(description).build();
  }

  /** Whether a {@link #flag} was given. */
  static boolean isSet(OptionSpec flag) {
    Boolean value = flag.getValue();
    return value != null && value;
  }

  /** Positional parameters collected into a list of strings; required when arity asks for one. */
  static PositionalParamSpec strings(String arity, String paramLabel, String... description) {
    return PositionalParamSpec.builder()
        .arity(arity)
        .required(CommandLine.Range.valueOf(arity).min() > 0)
        .paramLabel(paramLabel)
        .type(List.class)
        .auxiliaryTypes(String.class)
        .description(description)
        .build();
  }

  /** The strings a {@link #strings} parameter received, empty when it received none. */
  static List<String> values(PositionalParamSpec parameter) {
    List<String> values = parameter.getValue();
    return values == null ? List.of() : values;
  }
}
