package io.kcap.cli;

import io.kcap.pcap.CaptureInterface;
import io.kcap.pcap.CaptureReader;
import io.kcap.pcap.CaptureSummary;
import io.kcap.pcap.LinkType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code kcap pcap info}: what is in these capture files? */
final class PcapInfoCommand implements Callable<Integer>, CodedCommand {
  private CommandSpec spec;

  private final OptionSpec json =
      CodedCommand.flag(
          "--json",
          "Print one JSON array with an object per file, in argument order: file, format"
              + " (pcap|pcapng), byteOrder, version, sections, linkTypes, interfaces, snapLength,"
              + " packets, capturedBytes, originalBytes, and when there are packets with a time:"
              + " earliest, latest, durationSeconds, packetsPerSecond, bytesPerSecond. A file that"
              + " cannot be read gives {\"file\": ..., \"error\": ...}.");

  private final PositionalParamSpec files =
      CodedCommand.strings("1..*", "FILE", "pcap or pcapng files.");

  @Override
  public CommandSpec model() {
    spec = CommandSpec.wrapWithoutInspection(this).name("info");
    spec.usageMessage()
        .description(
            "Print the format, byte order, version, link types, interfaces, snap length, packet"
                + " and byte counts, earliest and latest timestamp, duration and average rates of"
                + " each file.",
            "Timestamps are RFC 3339 in UTC with nanosecond digits. A file that cannot be read is"
                + " reported with the byte offset of the fault and the other files are still read;"
                + " the exit code is then 1.");
    spec.addOption(json);
    spec.addPositional(files);
    return CodedCommand.withStandardHelp(spec);
  }

  /** A file's summary or why there is none. */
  private sealed interface Outcome {}

  private record Read(String file, CaptureSummary summary) implements Outcome {}

  private record Failed(String file, String error) implements Outcome {}

  @Override
  public Integer call() {
    boolean json = CodedCommand.isSet(this.json);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean failed = false;
    List<String> objects = new ArrayList<>();
    boolean first = true;
    for (String file : CodedCommand.values(files)) {
      Outcome outcome = summarize(file);
      if (outcome instanceof Failed failure) {
        failed = true;
        if (!json) {
          err.println("kcap: " + file + ": " + failure.error());
        }
      }
      if (json) {
        objects.add(json(outcome));
      } else if (outcome instanceof Read read) {
        if (!first) {
          out.println();
        }
        first = false;
        text(out, read);
      }
    }
    if (json) {
      out.println(objects.isEmpty() ? "[]" : "[\n" + String.join(",\n", objects) + "\n]");
    }
    out.flush();
    return failed ? 1 : 0;
  }

  private static Outcome summarize(String file) {
    try (CaptureReader reader = CaptureReader.open(Path.of(file))) {
      return new Read(file, CaptureSummary.of(reader));
    } catch (NoSuchFileException e) {
      return new Failed(file, "no such file");
    } catch (IOException e) {
      return new Failed(file, oneLine(e));
    } catch (java.nio.file.InvalidPathException e) {
      return new Failed(file, "not a valid path: " + e.getMessage());
    }
  }

  private static String oneLine(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replace('\n', ' ');
  }

  private static String order(List<ByteOrder> orders) {
    if (orders.size() > 1) {
      return "mixed";
    }
    return orders.getFirst() == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian";
  }

  private static void text(PrintWriter out, Read read) {
    CaptureSummary s = read.summary();
    List<String> lines = new ArrayList<>();
    lines.add(row("File", read.file()));
    lines.add(row("Format", s.format() + " " + s.version() + ", " + order(s.byteOrders())));
    if (s.sections() > 1) {
      lines.add(row("Sections", Long.toString(s.sections())));
    }
    lines.add(
        row(
            "Link types",
            s.linkTypes().isEmpty()
                ? "none"
                : s.linkTypes().stream()
                    .map(t -> t + " (" + t.value() + ")")
                    .collect(Collectors.joining(", "))));
    lines.add(row("Interfaces", Integer.toString(s.interfaces().size())));
    for (CaptureInterface i : s.interfaces()) {
      lines.add(
          "  #"
              + i.index()
              + (s.sections() > 1 ? " (section " + i.section() + ", id " + i.id() + ")" : "")
              + ": "
              + i.linkType()
              + ", snap length "
              + i.snapLength()
              + ", resolution "
              + i.resolution()
              + (i.offsetSeconds() != 0 ? ", offset " + i.offsetSeconds() + " s" : "")
              + (i.name().isEmpty() ? "" : ", name " + i.name()));
    }
    lines.add(row("Snap length", Long.toString(s.snapLength())));
    lines.add(row("Packets", Long.toString(s.packets())));
    lines.add(row("Captured bytes", Long.toString(s.capturedBytes())));
    lines.add(row("Original bytes", Long.toString(s.originalBytes())));
    lines.add(row("Earliest", s.earliest().map(Times::format).orElse("n/a")));
    lines.add(row("Latest", s.latest().map(Times::format).orElse("n/a")));
    lines.add(row("Duration", s.duration().map(PcapInfoCommand::seconds).orElse("n/a")));
    lines.add(
        row("Packet rate", s.packetsPerSecond().map(r -> decimal(r) + " packets/s").orElse("n/a")));
    lines.add(
        row(
            "Data rate",
            s.bytesPerSecond()
                .map(r -> decimal(r) + " bytes/s (" + decimal(r * 8) + " bits/s)")
                .orElse("n/a")));
    lines.forEach(out::println);
  }

  private static String row(String name, String value) {
    return String.format(Locale.ROOT, "%-16s%s", name + ":", value);
  }

  private static String decimal(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%d.%09d", duration.getSeconds(), duration.getNano()) + " s";
  }

  private static String durationNumber(Duration duration) {
    return String.format(Locale.ROOT, "%d.%09d", duration.getSeconds(), duration.getNano());
  }

  private static String json(Outcome outcome) {
    return switch (outcome) {
      case Failed f ->
          "  {\"file\": " + Json.string(f.file()) + ", \"error\": " + Json.string(f.error()) + "}";
      case Read r -> json(r.file(), r.summary());
    };
  }

  private static String json(String file, CaptureSummary s) {
    List<String> fields = new ArrayList<>();
    fields.add("\"file\": " + Json.string(file));
    fields.add("\"format\": " + Json.string(s.format().displayName()));
    fields.add("\"byteOrder\": " + Json.string(order(s.byteOrders())));
    fields.add("\"version\": " + Json.string(s.version()));
    fields.add("\"sections\": " + s.sections());
    fields.add(
        "\"linkTypes\": ["
            + s.linkTypes().stream()
                .map(LinkType::displayName)
                .map(Json::string)
                .collect(Collectors.joining(", "))
            + "]");
    fields.add(
        "\"interfaces\": ["
            + s.interfaces().stream().map(PcapInfoCommand::json).collect(Collectors.joining(", "))
            + "]");
    fields.add("\"snapLength\": " + s.snapLength());
    fields.add("\"packets\": " + s.packets());
    fields.add("\"capturedBytes\": " + s.capturedBytes());
    fields.add("\"originalBytes\": " + s.originalBytes());
    s.earliest().ifPresent(t -> fields.add("\"earliest\": " + Json.string(Times.format(t))));
    s.latest().ifPresent(t -> fields.add("\"latest\": " + Json.string(Times.format(t))));
    s.duration().ifPresent(d -> fields.add("\"durationSeconds\": " + durationNumber(d)));
    s.packetsPerSecond().ifPresent(r -> fields.add("\"packetsPerSecond\": " + Json.number(r)));
    s.bytesPerSecond().ifPresent(r -> fields.add("\"bytesPerSecond\": " + Json.number(r)));
    return "  {" + String.join(", ", fields) + "}";
  }

  private static String json(CaptureInterface i) {
    return "{\"index\": "
        + i.index()
        + ", \"section\": "
        + i.section()
        + ", \"id\": "
        + i.id()
        + ", \"linkType\": "
        + Json.string(i.linkType().displayName())
        + ", \"linkTypeNumber\": "
        + i.linkType().value()
        + ", \"snapLength\": "
        + i.snapLength()
        + ", \"unitsPerSecond\": "
        + Long.toUnsignedString(i.resolution().unitsPerSecond())
        + ", \"offsetSeconds\": "
        + i.offsetSeconds()
        + ", \"name\": "
        + Json.string(i.name())
        + "}";
  }
}
