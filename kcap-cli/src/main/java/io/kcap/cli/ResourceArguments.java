package io.kcap.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code TYPE [NAME...]} (or {@code TYPE/NAME}) arguments of {@code kcap get} and {@code kcap
 * delete}, read as kubectl reads them. kcap has one type, with kubectl's spellings of it.
 */
final class ResourceArguments {
  static final Set<String> TYPE_NAMES =
      Set.of(
          "packetcapture",
          "packetcaptures",
          "pc",
          "packetcapture.kcap.io",
          "packetcaptures.kcap.io");

  private ResourceArguments() {}

  /**
   * The capture names the arguments list (empty: all).
   *
   * @throws CliException for another type, or no type at all
   */
  static List<String> names(List<String> arguments) {
    if (arguments.isEmpty()) {
      throw unknownType("");
    }
    List<String> names = new ArrayList<>();
    String first = arguments.getFirst();
    int slash = first.indexOf('/');
    if (slash >= 0) {
      // TYPE/NAME TYPE/NAME ...: every argument names its own type.
      for (String argument : arguments) {
        int at = argument.indexOf('/');
        if (at < 0) {
          throw new CliException(
              "\"" + argument + "\": when the first argument is TYPE/NAME, every argument must be",
              2);
        }
        checkType(argument.substring(0, at));
        names.add(StandaloneClient.checkName(argument.substring(at + 1)));
      }
      return List.copyOf(names);
    }
    checkType(first);
    for (String name : arguments.subList(1, arguments.size())) {
      names.add(StandaloneClient.checkName(name));
    }
    return List.copyOf(names);
  }

  private static void checkType(String type) {
    if (!TYPE_NAMES.contains(type.toLowerCase(Locale.ROOT))) {
      throw unknownType(type);
    }
  }

  private static CliException unknownType(String type) {
    return new CliException(
        (type.isEmpty() ? "no resource type given" : "unknown resource type \"" + type + "\"")
            + ": kcap has packetcaptures (also packetcapture, pc)",
        2);
  }
}
