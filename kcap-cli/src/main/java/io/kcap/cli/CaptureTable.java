package io.kcap.cli;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.kcap.api.CaptureFiles;
import io.kcap.api.CaptureFilter;
import io.kcap.api.CaptureState;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureSpec;
import io.kcap.api.PacketCaptureStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * PacketCaptures as {@code kcap get} prints them: one row each, the nodes' status added up, columns
 * aligned as kubectl aligns them.
 */
final class CaptureTable {
  private static final String NONE = "<none>";

  /** Which states win when nodes disagree: a problem first, then activity, then rest. */
  private static final List<CaptureState> PRECEDENCE =
      List.of(
          CaptureState.ERROR,
          CaptureState.CAPTURING,
          CaptureState.WAITING_FOR_TRAFFIC,
          CaptureState.SCHEDULED,
          CaptureState.FINISHED);

  private CaptureTable() {}

  /** The table's lines, header first. */
  static List<String> render(
      List<PacketCapture> captures, boolean withNamespace, boolean wide, Instant now) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    if (withNamespace) {
      header.add("NAMESPACE");
    }
    header.addAll(List.of("NAME", "SELECTOR", "STATE", "FILES", "PACKETS", "AGE"));
    if (wide) {
      header.addAll(List.of("FILTERS", "START", "END"));
    }
    rows.add(header);
    for (PacketCapture capture : captures) {
      PacketCaptureSpec spec = capture.getSpec();
      List<CaptureFiles> nodes = nodes(capture);
      List<String> row = new ArrayList<>();
      if (withNamespace) {
        row.add(capture.getMetadata().getNamespace());
      }
      row.add(capture.getMetadata().getName());
      row.add(spec.selector().filter(s -> !s.isBlank()).orElse("all()"));
      row.add(state(nodes).map(CaptureState::wireName).orElse(NONE));
      row.add(Long.toString(nodes.stream().mapToLong(n -> n.fileNames().size()).sum()));
      row.add(Long.toString(nodes.stream().mapToLong(CaptureFiles::packets).sum()));
      row.add(age(capture, now));
      if (wide) {
        row.add(filters(spec));
        row.add(spec.startTime().orElse(NONE));
        row.add(spec.endTime().orElse(NONE));
      }
      rows.add(row);
    }
    return align(rows);
  }

  static List<CaptureFiles> nodes(PacketCapture capture) {
    PacketCaptureStatus status = capture.getStatus();
    return status == null ? List.of() : status.files();
  }

  /** The capture's state over all nodes: empty before any node has reported. */
  static Optional<CaptureState> state(List<CaptureFiles> nodes) {
    return PRECEDENCE.stream()
        .filter(state -> nodes.stream().anyMatch(node -> node.state().equals(Optional.of(state))))
        .findFirst();
  }

  /**
   * The filters compactly, as kubectl prints a service's ports: {@code 8080/TCP,5353/UDP}; a
   * protocol without ports alone ({@code ICMP}); {@code bpf} after them.
   */
  static String filters(PacketCaptureSpec spec) {
    List<String> terms = new ArrayList<>();
    for (CaptureFilter filter : spec.filters()) {
      String protocol = filter.protocol().map(CaptureTable::text).orElse("*");
      if (filter.ports().isEmpty()) {
        terms.add(protocol);
      } else {
        filter.ports().forEach(port -> terms.add(text(port) + "/" + protocol));
      }
    }
    String filters = terms.isEmpty() ? "<all>" : terms.stream().collect(Collectors.joining(","));
    return spec.bpf()
        .filter(bpf -> !bpf.isBlank())
        .map(bpf -> filters + " bpf(" + bpf.strip() + ")")
        .orElse(filters);
  }

  private static String text(IntOrString value) {
    return value.getIntVal() != null
        ? Integer.toString(value.getIntVal())
        : String.valueOf(value.getStrVal());
  }

  private static String age(PacketCapture capture, Instant now) {
    String created = capture.getMetadata().getCreationTimestamp();
    if (created == null || created.isBlank()) {
      return NONE;
    }
    try {
      return humanDuration(Duration.between(OffsetDateTime.parse(created).toInstant(), now));
    } catch (DateTimeParseException e) {
      return NONE;
    }
  }

  /**
   * kubectl's {@code duration.HumanDuration}: {@code 45s}, {@code 3m12s}, {@code 5h2m}, {@code 4d}.
   */
  static String humanDuration(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    if (hours < 24 * 365 * 8) {
      long d = (hours / 24) % 365;
      return d == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + d + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** Columns padded to their widest cell plus three spaces, the last one unpadded. */
  static List<String> align(List<List<String>> rows) {
    int columns = rows.getFirst().size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 3));
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
