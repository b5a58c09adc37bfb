package io.kcap.cli;

import io.kcap.api.ExpressionChecks;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.List;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code kcap} command: wires every subcommand by hand and maps failures to exit codes.
 *
 * <p>The subcommands are listed in {@link #SUBCOMMANDS}, not in the annotation: picocli builds the
 * model of every listed command by reflection before parsing, which took half a second of a {@code
 * kcap pcap filter} run. A command line that names its subcommand first gets a tree with only that
 * one (and, in a group that lists its own subcommands the same way, only the one named next);
 * everything else (help, errors, suggestions for a misspelt name) sees them all. This command's own
 * model is built in code, as the subcommands that implement {@link CodedCommand} are.
 */
public final class KcapMain {

  /**
   * A subcommand: the name it is called by, its picocli class and, for a group whose annotation
   * lists none, its own subcommands.
   */
  record Subcommand(String name, Class<?> type, List<Subcommand> subcommands) {
    Subcommand(String name, Class<?> type) {
      this(name, type, List.of());
    }
  }

  /** Every subcommand, in the order {@code kcap --help} lists them. */
  static final List<Subcommand> SUBCOMMANDS =
      List.of(
          new Subcommand("pcap", PcapCommand.class, PcapCommand.SUBCOMMANDS),
          new Subcommand("validate", ValidateCommand.class),
          new Subcommand("selector", SelectorCommand.class),
          new Subcommand("sandbox", SandboxCommand.class),
          new Subcommand("capture", CaptureCommand.class),
          new Subcommand("agent", AgentCommand.class),
          new Subcommand("apply", ApplyCommand.class),
          new Subcommand("get", GetCommand.class),
          new Subcommand("delete", DeleteCommand.class),
          new Subcommand("copy", CopyCommand.class),
          new Subcommand("clean", CleanCommand.class),
          new Subcommand("demo", DemoCommand.class),
          new Subcommand("help", CommandLine.HelpCommand.class));

  private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line with the given streams and returns its exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    if (PcapFilterCommand.givesAnExpression(args)) {
      LibpcapExpressionCompiler.prepareInBackground();
    }
    return commandLine(out, err, new Wiring(), subcommandsFor(args)).execute(args);
  }

  /** The command line with every subcommand. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, new Wiring());
  }

  /** The whole command line with the collaborators {@code wiring} hands out (tests pass theirs). */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, Wiring wiring) {
    return commandLine(out, err, wiring, SUBCOMMANDS);
  }

  private static CommandLine commandLine(
      PrintWriter out, PrintWriter err, Wiring wiring, List<Subcommand> subcommands) {
    skipUnusedConverters();
    CommandLine cli = add(new CommandLine(model(), wiring), subcommands, wiring);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new Failures());
    return cli;
  }

  /**
   * picocli registers a converter for every java.time and java.sql type by reflection, which loads
   * about 90 JDK classes (kcap's options are numbers, strings and paths, converted by kcap). In a
   * capture they cost start-up time and, through the AOT cache that preloads every class it holds,
   * about 1 MiB of resident memory next to the ring (BENCHMARKS.md, "Memory"). picocli's own switch
   * turns them off; a value the user set is kept.
   */
  private static void skipUnusedConverters() {
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, "java\\.(time|sql)\\..*");
    }
  }

  /** The root command {@code kcap}. */
  private static CommandSpec model() {
    CommandSpec spec =
        CommandSpec.wrapWithoutInspection(new KcapMain())
            .name("kcap")
            .versionProvider(new Version());
    spec.usageMessage()
        .description(
            "Declarative packet capture for Kubernetes pods and standalone network namespaces.",
            "");
    return CodedCommand.withStandardHelp(spec);
  }

  private static CommandLine add(
      CommandLine group, List<Subcommand> subcommands, CommandLine.IFactory factory) {
    for (Subcommand subcommand : subcommands) {
      group.addSubcommand(
          subcommand.name(),
          add(
              new CommandLine(command(subcommand, factory), factory),
              subcommand.subcommands(),
              factory));
    }
    return group;
  }

  /**
   * What picocli builds a subcommand from: the model of a {@link CodedCommand}, made by {@code
   * factory}; the annotated class of any other.
   */
  private static Object command(Subcommand subcommand, CommandLine.IFactory factory) {
    if (!CodedCommand.class.isAssignableFrom(subcommand.type())) {
      return subcommand.type();
    }
    try {
      return ((CodedCommand) factory.create(subcommand.type())).model();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create " + subcommand.type().getName(), e);
    }
  }

  /**
   * The subcommands {@code args} can reach: none for a lone version request, else the one its first
   * word names (narrowed the same way by the next word), every one otherwise (help, a misspelt name
   * and options before the name need the whole tree to answer).
   */
  static List<Subcommand> subcommandsFor(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return List.of();
    }
    return reachable(SUBCOMMANDS, args, 0);
  }

  private static List<Subcommand> reachable(List<Subcommand> subcommands, String[] args, int word) {
    if (word < args.length) {
      for (Subcommand subcommand : subcommands) {
        if (subcommand.name().equals(args[word]) && !subcommand.name().equals("help")) {
          return List.of(
              new Subcommand(
                  subcommand.name(),
                  subcommand.type(),
                  reachable(subcommand.subcommands(), args, word + 1)));
        }
      }
    }
    return subcommands;
  }

  /** Builds the subcommands that need collaborators; picocli's default factory, the others. */
  static final class Wiring implements CommandLine.IFactory {
    // kcap validate checks selectors and pcap-filter expressions through these.
    private final CompilerChecks compilerChecks = new CompilerChecks();
    private final ExpressionChecks expressionChecks = compilerChecks;
    private final FilterCompiler filterCompiler = compilerChecks;
    private final InputStream stdin;
    private final InstantSource clock;
    private final LongSupplier nanoTime;
    private final AgentLauncher agentLauncher;

    Wiring() {
      this(System.in, InstantSource.system(), System::nanoTime);
    }

    Wiring(InputStream stdin, InstantSource clock, LongSupplier nanoTime) {
      this(stdin, clock, nanoTime, AgentLauncher.standalone());
    }

    /**
     * @param stdin what {@code -f -} reads
     * @param clock the wall clock ages are computed from
     * @param nanoTime the monotonic clock download progress is timed with
     * @param agentLauncher how {@code kcap demo} starts the standalone agent
     */
    Wiring(
        InputStream stdin,
        InstantSource clock,
        LongSupplier nanoTime,
        AgentLauncher agentLauncher) {
      this.stdin = stdin;
      this.clock = clock;
      this.nanoTime = nanoTime;
      this.agentLauncher = agentLauncher;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == ValidateCommand.class) {
        return type.cast(new ValidateCommand(expressionChecks, filterCompiler, stdin));
      }
      if (type == ApplyCommand.class) {
        return type.cast(new ApplyCommand(expressionChecks, stdin));
      }
      if (type == GetCommand.class) {
        return type.cast(new GetCommand(clock));
      }
      if (type == DeleteCommand.class) {
        return type.cast(new DeleteCommand(stdin));
      }
      if (type == CopyCommand.class) {
        return type.cast(new CopyCommand(nanoTime));
      }
      if (type == DemoCommand.class) {
        return type.cast(new DemoCommand(agentLauncher, expressionChecks, clock));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** Prints a failure as one line; only a defect in kcap itself shows a stack trace. */
  static final class Failures implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception failure, CommandLine cli, CommandLine.ParseResult parsed) {
      PrintWriter err = cli.getErr();
      switch (failure) {
        case CliException e -> {
          err.println("kcap: " + e.getMessage());
          return e.exitCode();
        }
        case java.io.IOException e -> {
          err.println("kcap: " + e.getMessage());
          return 1;
        }
        case IllegalArgumentException e -> {
          err.println("kcap: " + e.getMessage());
          return 2;
        }
        default -> {
          err.println("kcap: internal error, please report it:");
          failure.printStackTrace(err);
          return 70;
        }
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = KcapMain.class.getPackage().getImplementationVersion();
      return new String[] {"kcap " + (version == null ? "development build" : version)};
    }
  }
}
