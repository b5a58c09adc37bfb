package io.kcap.capture;

import io.kcap.pcap.bpf.BpfInstruction;
import io.kcap.pcap.bpf.BpfProgram;
import io.kcap.testkit.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Classic-BPF programs compiled by tcpdump itself ({@code tcpdump -dd}), for Ethernet. */
final class TcpdumpFilter {
  private static final Pattern LINE =
      Pattern.compile("\\{ (0x[0-9a-f]+), (\\d+), (\\d+), (0x[0-9a-f]+) },");

  private TcpdumpFilter() {}

  static BpfProgram compile(String expression) {
    return compile(262144, expression);
  }

  static BpfProgram compile(int snapLength, String expression) {
    List<String> command =
        new ArrayList<>(List.of("tcpdump", "-y", "EN10MB", "-s", "" + snapLength, "-dd"));
    command.addAll(List.of(expression.split(" ")));
    String output = Tool.run(command).orThrow().stdout();
    List<BpfInstruction> instructions = new ArrayList<>();
    for (String line : output.strip().split("\n")) {
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) {
        throw new IllegalStateException("unexpected tcpdump -dd line: " + line);
      }
      instructions.add(
          new BpfInstruction(
              Integer.decode(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              (int) Long.parseLong(m.group(4).substring(2), 16)));
    }
    return new BpfProgram(instructions);
  }
}
