package io.kcap.cli;

import io.kcap.api.ExpressionChecks;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kcap} command: wires every subcommand by hand and maps failures to exit codes. */
@Command(
    name = "kcap",
    mixinStandardHelpOptions = true,
    versionProvider = KcapMain.Version.class,
    description = {
      "Declarative packet capture for Kubernetes pods and standalone network namespaces.",
      ""
    },
    subcommands = {
      PcapCommand.class,
      ValidateCommand.class,
      SelectorCommand.class,
      SandboxCommand.class,
      CaptureCommand.class,
      AgentCommand.class,
      ApplyCommand.class,
      GetCommand.class,
      DeleteCommand.class,
      CopyCommand.class,
      CleanCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KcapMain {

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line with the given streams and returns its exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, new Wiring());
  }

  /** The command line with the collaborators {@code wiring} hands out (tests pass their own). */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, Wiring wiring) {
    CommandLine cli = new CommandLine(new KcapMain(), wiring);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new Failures());
    return cli;
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
