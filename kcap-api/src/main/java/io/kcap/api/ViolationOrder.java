package io.kcap.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders violations as the fields appear in a PacketCapture (metadata, then the spec in its field
 * order, list entries by index), so what reading and validating found reads as one list.
 */
final class ViolationOrder implements Comparator<Violation> {
  static final ViolationOrder INSTANCE = new ViolationOrder();

  private static final List<String> FIELDS =
      List.of(
          "apiVersion",
          "kind",
          "metadata",
          "name",
          "namespace",
          "generateName",
          "labels",
          "annotations",
          "spec",
          "selector",
          "filters",
          "protocol",
          "ports",
          "startTime",
          "endTime",
          "bpf",
          "snapLength",
          "format",
          "limits",
          "maxPackets",
          "maxBytes",
          "maxDuration",
          "status",
          "files",
          "node",
          "directory",
          "fileNames",
          "state",
          "packets",
          "bytes",
          "drops",
          "message");

  private ViolationOrder() {}

  @Override
  public int compare(Violation a, Violation b) {
    List<String> left = segments(a.field());
    List<String> right = segments(b.field());
    for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
      int order = compareSegments(left.get(i), right.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(left.size(), right.size());
  }

  private static int compareSegments(String a, String b) {
    if (a.startsWith("[") && b.startsWith("[")) {
      return index(a) >= 0 && index(b) >= 0 ? Long.compare(index(a), index(b)) : 0;
    }
    return Integer.compare(rank(a), rank(b)); // unknown names tie, keeping their found order
  }

  private static int rank(String name) {
    int rank = FIELDS.indexOf(name);
    return rank < 0 ? FIELDS.size() : rank;
  }

  /** The index of {@code [12]}; -1 for a map key such as {@code [app]}. */
  private static long index(String segment) {
    String inside = segment.substring(1, segment.length() - 1);
    return Numbers.isDecimal(inside) ? Numbers.parseClamped(inside) : -1;
  }

  /** {@code spec.filters[1].ports} as {@code spec, filters, [1], ports}. */
  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '.' || path.charAt(i) == '[') {
        if (i > start) {
          segments.add(path.substring(start, i));
        }
        start = i == path.length() || path.charAt(i) == '.' ? i + 1 : i;
      }
    }
    return segments;
  }
}
