package io.kcap.cli;

import io.kcap.capture.CaptureEnd;
import io.kcap.capture.CaptureException;
import io.kcap.capture.CaptureFilter;
import io.kcap.capture.CaptureFormat;
import io.kcap.capture.CaptureInfo;
import io.kcap.capture.CaptureLimits;
import io.kcap.capture.CaptureOptions;
import io.kcap.capture.CaptureSession;
import io.kcap.capture.PacketSink;
import io.kcap.capture.PcapFilterCompiler;
import io.kcap.capture.RotatingFileSink;
import io.kcap.capture.Rotation;
import io.kcap.capture.StreamSink;
import io.kcap.capture.filter.FilterExpression;
import io.kcap.capture.filter.IpProtocol;
import io.kcap.capture.filter.PortRange;
import io.kcap.capture.filter.TrafficFilter;
import io.kcap.capture.filter.TrafficFilterCompiler;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult.GroupMatch;
import picocli.CommandLine.ParseResult.GroupMatchContainer;

/**
 * {@code kcap capture}: record an interface's packets to a pcap or pcapng file or to standard
 * output. Its model is built in code ({@link CodedCommand}): the time from launch to the ring being
 * attached is one of its goals.
 */
final class CaptureCommand implements Callable<Integer>, CodedCommand {
  /**
   * How long the kernel may hold a partly filled ring block when kcap writes a file. Each block it
   * hands over wakes the capture thread, which then spends about half a millisecond with cold
   * caches completing the block and writing; at 25,000 packets a second that was two thirds of
   * kcap's CPU with the library's 100 ms, and a second cut the CPU per packet from 250 to 90 ns
   * (BENCHMARKS.md, "Live capture"). tcpdump lets blocks wait a second too. A stream keeps the
   * library's 100 ms, for viewers watching it live.
   */
  static final Duration FILE_BLOCK_TIMEOUT = Duration.ofSeconds(1);

  private CommandSpec spec;

  private final OptionSpec interfaceName =
      CodedCommand.stringOption(
              new String[] {"-i", "--interface"},
              "IFACE",
              "Interface to capture, by name (in the --netns namespace if given).")
          .required(true)
          .build();

  private final OptionSpec output =
      CodedCommand.stringOption(
              new String[] {"-w", "--write"},
              "FILE|-",
              "File to write; '-' (the default) streams the capture (in the --format chosen) to"
                  + " standard output, e.g. into 'wireshark -k -i -'. An existing file is"
                  + " overwritten. Packets reach a file within a second, a stream within a tenth"
                  + " of a second.")
          .defaultValue("-")
          .build();

  private final OptionSpec count =
      CodedCommand.stringOption(
              new String[] {"-c", "--count"}, "COUNT", "Stop after COUNT packets.")
          .type(Long.class)
          .build();

  private final OptionSpec duration =
      CodedCommand.stringOption(
              new String[] {"--duration"},
              "D",
              "Stop after this long, e.g. 90 (seconds), 30s, 5m, 2h or PT1H30M.")
          .build();

  private final OptionSpec maxBytes =
      CodedCommand.stringOption(
              new String[] {"--max-bytes"},
              "N",
              "Stop before the captured bytes would exceed N (suffixes K, M, G: powers of 1024).")
          .build();

  private final OptionSpec snapLength =
      CodedCommand.stringOption(
              new String[] {"-s", "--snapshot-length"},
              "SNAPLEN",
              "Keep at most SNAPLEN bytes of each packet; 0 means the maximum, 262144 (the"
                  + " default).")
          .type(int.class)
          .defaultValue("262144")
          .build();

  private final OptionSpec ringSize =
      CodedCommand.stringOption(
              new String[] {"--ring-size"},
              "SIZE",
              "Kernel ring buffer the packets wait in, 256K to 1G (default 32M). A larger ring"
                  + " rides out longer bursts without drops.")
          .defaultValue("32M")
          .build();

  private final OptionSpec format =
      CodedCommand.stringOption(
              new String[] {"--format"},
              "pcap|pcapng",
              "Output format, both with nanosecond timestamps: pcap (the default) or pcapng."
                  + " pcapng names the interface (and its --netns) in its interface block and ends"
                  + " every file, rotated ones too, and the stream with a statistics block holding"
                  + " the kernel's drop count; --rotate-bytes counts that block.")
          .defaultValue("pcap")
          .build();

  /**
   * One {@code --protocol} with the {@code --port}s that follow it, as one PacketCapture filter.
   */
  private final OptionSpec protocol =
      CodedCommand.stringOption(
              new String[] {"--protocol"},
              "P",
              "Capture protocol P: TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255."
                  + " Repeat for more protocols; the filters are OR'ed, as a PacketCapture's"
                  + " filters are.")
          .required(true)
          .build();

  private final OptionSpec ports =
      CodedCommand.stringOption(
              new String[] {"--port"},
              "X|A:B",
              "Only packets from or to port X, or a port in A..B, of the --protocol before it"
                  + " (TCP, UDP, SCTP, UDPLite). Repeatable.")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .build();

  private final ArgGroupSpec traffic =
      ArgGroupSpec.builder()
          .exclusive(false)
          .multiplicity("0..*")
          .heading("Traffic filters:%n")
          .addArg(protocol)
          .addArg(ports)
          .build();

  private final OptionSpec netns =
      CodedCommand.stringOption(
              new String[] {"--netns"},
              "NAME",
              "Network namespace of the interface, as 'ip netns' names it (/var/run/netns).")
          .build();

  private final OptionSpec rotateSeconds =
      CodedCommand.stringOption(
              new String[] {"--rotate-seconds"},
              "S",
              "Start a new file when the current one's first packet is S seconds old. The active"
                  + " file keeps the -w name; a rotated file adds the rotation time in epoch"
                  + " milliseconds before the extension (web.1718000000000.pcap).")
          .type(Long.class)
          .build();

  private final OptionSpec rotateBytes =
      CodedCommand.stringOption(
              new String[] {"--rotate-bytes"},
              "N",
              "Start a new file before the current one would exceed N bytes (K, M, G); a file"
                  + " always holds at least one packet.")
          .build();

  private final OptionSpec maxFiles =
      CodedCommand.stringOption(
              new String[] {"--max-files"},
              "K",
              "Keep at most K rotated files; the oldest are deleted.")
          .type(Integer.class)
          .build();

  private final OptionSpec noPromiscuous =
      OptionSpec.builder("-p", "--no-promiscuous-mode")
          .arity("0")
          .type(boolean.class)
          .description("Do not put the interface in promiscuous mode.")
          .build();

  private final PositionalParamSpec expression =
      CodedCommand.strings(
          "0..*",
          "EXPR",
          "tcpdump filter expression (pcap-filter(7)), compiled by libpcap; AND'ed with the"
              + " --protocol filters. Quote it or give it as separate words.");

  @Override
  public CommandSpec model() {
    spec = CommandSpec.wrapWithoutInspection(this).name("capture");
    spec.usageMessage()
        .sortOptions(false)
        .description(
            "Capture the packets of one interface into a pcap or pcapng file, or stream them to"
                + " standard output.",
            "Ctrl-C (SIGINT) or SIGTERM completes the file and prints how many packets were"
                + " captured.",
            "Examples:",
            "  kcap capture -i eth0 -w web.pcap -c 1000 tcp port 443",
            "  kcap capture -i cali123 --netns pod-1 --protocol UDP --port 53 -w dns.pcap",
            "  kcap capture -i cali123 -w - | wireshark -k -i -",
            "  kcap capture -i cali123 --netns pod-1 --format pcapng -w pod-1.pcapng"
                + " --rotate-bytes 100M",
            "");
    for (OptionSpec option :
        List.of(interfaceName, output, count, duration, maxBytes, snapLength, ringSize, format)) {
      spec.addOption(option);
    }
    spec.addArgGroup(traffic);
    for (OptionSpec option : List.of(netns, rotateSeconds, rotateBytes, maxFiles, noPromiscuous)) {
      spec.addOption(option);
    }
    spec.addPositional(expression);
    return CodedCommand.withStandardHelp(spec);
  }

  /** Where {@code -w -} writes; standard output unless a test sets it. */
  WritableByteChannel stdout;

  InstantSource clock = InstantSource.system();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    String netns = this.netns.getValue();
    CaptureOptions options = options();
    PacketSink sink = sink();
    CaptureSession session;
    try {
      session = CaptureSession.open(options, sink, clock);
    } catch (CaptureException e) {
      throw new CliException(e.getMessage(), 1);
    }
    CaptureInfo info = session.info();
    err.println(
        "kcap: capturing on "
            + info.interfaceName()
            + (netns == null ? "" : " in netns " + netns)
            + ", link-type "
            + info.linkType().displayName()
            + ", snapshot length "
            + info.snapLength()
            + " bytes, ring "
            + options.ringSize() / 1024
            + " KiB");
    err.flush();
    return new Interruptible(session, err).run();
  }

  CaptureOptions options() {
    Long count = this.count.getValue();
    String duration = this.duration.getValue();
    String maxBytes = this.maxBytes.getValue();
    int snapLength = this.snapLength.getValue();
    String netns = this.netns.getValue();
    CaptureLimits limits = CaptureLimits.NONE;
    if (count != null) {
      limits = limits.withMaxPackets(count);
    }
    if (duration != null) {
      limits = limits.withMaxDuration(Quantities.duration("--duration", duration));
    }
    if (maxBytes != null) {
      limits = limits.withMaxBytes(Quantities.bytes("--max-bytes", maxBytes));
    }
    if (snapLength < 0) {
      throw new IllegalArgumentException("snapshot length " + snapLength + " is negative");
    }
    CaptureOptions.Builder builder =
        CaptureOptions.on(interfaceName.getValue())
            .snapLength(snapLength == 0 ? CaptureOptions.MAX_SNAP_LENGTH : snapLength)
            .ringSize(Quantities.bytes("--ring-size", ringSize.getValue()))
            .promiscuous(!CodedCommand.isSet(noPromiscuous))
            .limits(limits);
    if (!output.getValue().equals("-")) {
      builder.blockTimeout(FILE_BLOCK_TIMEOUT);
    }
    if (netns != null) {
      builder.netns(netns).description("netns " + netns);
    }
    filter().ifPresent(builder::filter);
    return builder.build();
  }

  /**
   * The kernel filter: the --protocol/--port filters compiled in pure Java as a PacketCapture's
   * filters are, the EXPR compiled by libpcap, or, with both, libpcap's compilation of the EXPR
   * AND'ed with the filters' own expression (the agent combines a capture's bpf extension the same
   * way).
   */
  private Optional<CaptureFilter> filter() {
    List<TrafficFilter> filters = new ArrayList<>();
    for (GroupMatchContainer container : spec.commandLine().getParseResult().findMatches(traffic)) {
      for (GroupMatch match : container.matches()) {
        // Each --port value is a list (the option's type) of one port or range.
        List<PortRange> ports = new ArrayList<>();
        for (Object values : match.matchedValues(this.ports)) {
          for (Object port : (List<?>) values) {
            ports.add(PortRange.parse((String) port));
          }
        }
        String protocol = (String) match.matchedValues(this.protocol).getFirst();
        filters.add(TrafficFilter.of(IpProtocol.parse(protocol), ports));
      }
    }
    String text = String.join(" ", CodedCommand.values(expression)).strip();
    if (text.isEmpty() && filters.isEmpty()) {
      return Optional.empty();
    }
    if (text.isEmpty()) {
      return Optional.of(
          (linkType, snap) -> TrafficFilterCompiler.compile(filters, linkType, snap));
    }
    String filtersText = FilterExpression.of(filters);
    String combined = filtersText.isEmpty() ? text : "(" + text + ") and (" + filtersText + ")";
    return Optional.of((linkType, snap) -> PcapFilterCompiler.compile(combined, linkType, snap));
  }

  private PacketSink sink() {
    String format = this.format.getValue();
    String output = this.output.getValue();
    CaptureFormat captureFormat =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "pcap" -> CaptureFormat.PCAP;
          case "pcapng" -> CaptureFormat.PCAPNG;
          default ->
              throw new IllegalArgumentException(
                  "--format '" + format + "' is not one of pcap, pcapng");
        };
    Rotation rotation = rotation();
    if (output.equals("-")) {
      if (rotation.rotates() || maxFiles.getValue() != null) {
        throw new IllegalArgumentException(
            "--rotate-seconds, --rotate-bytes and --max-files need -w FILE, not standard output");
      }
      if (stdout == null) {
        if (System.console() != null && System.console().isTerminal()) {
          throw new CliException(
              "standard output is a terminal; write to a file with -w FILE, or pipe it (-w - |"
                  + " wireshark -k -i -)",
              2);
        }
        stdout = new FileOutputStream(FileDescriptor.out).getChannel();
      }
      return new StreamSink(stdout, captureFormat, clock);
    }
    return new RotatingFileSink(Path.of(output), captureFormat, rotation, clock);
  }

  private Rotation rotation() {
    Long rotateSeconds = this.rotateSeconds.getValue();
    String rotateBytes = this.rotateBytes.getValue();
    Integer maxFiles = this.maxFiles.getValue();
    Rotation rotation = Rotation.NONE;
    if (rotateSeconds != null) {
      if (rotateSeconds < 1) {
        throw new IllegalArgumentException("--rotate-seconds " + rotateSeconds + " is below 1");
      }
      rotation = rotation.withInterval(Duration.ofSeconds(rotateSeconds));
    }
    if (rotateBytes != null) {
      rotation = rotation.withMaxFileBytes(Quantities.bytes("--rotate-bytes", rotateBytes));
    }
    if (maxFiles != null) {
      if (!rotation.rotates()) {
        throw new IllegalArgumentException("--max-files needs --rotate-seconds or --rotate-bytes");
      }
      rotation = rotation.withMaxRotatedFiles(maxFiles);
    }
    return rotation;
  }

  /**
   * Waits for the capture to end, by itself or by SIGINT/SIGTERM. A signal runs the shutdown hook,
   * which stops the capture (recording what reached the ring), completes the file, prints the
   * summary, and ends the process with status 0: an interrupted capture is a successful one.
   */
  static final class Interruptible {
    private final CaptureSession session;
    private final PrintWriter err;
    private Integer exitCode;

    Interruptible(CaptureSession session, PrintWriter err) {
      this.session = session;
      this.err = err;
    }

    int run() throws InterruptedException {
      Thread hook =
          Thread.ofPlatform()
              .name("kcap-capture-stop")
              .unstarted(
                  () -> {
                    int code = finish();
                    Runtime.getRuntime().halt(code);
                  });
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        session.await();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running or about to: it reports and ends the process.
        }
      }
      return finish();
    }

    /** Stops the capture once and reports it once, whichever thread comes first. */
    synchronized int finish() {
      if (exitCode == null) {
        CaptureEnd end = session.stop();
        err.println(
            end.stats().packets()
                + " packets captured, "
                + end.stats().drops()
                + " dropped by kernel");
        if (end instanceof CaptureEnd.Failed failed) {
          err.println("kcap: " + failed.message());
          exitCode = 1;
        } else {
          exitCode = 0;
        }
        err.flush();
      }
      return exitCode;
    }
  }
}
