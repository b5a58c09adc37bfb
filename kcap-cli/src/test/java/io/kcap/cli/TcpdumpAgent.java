package io.kcap.cli;

import io.kcap.agent.endpoint.Endpoint;
import io.kcap.agent.endpoint.Inventory;
import io.kcap.api.CaptureFiles;
import io.kcap.api.CaptureState;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureStatus;
import io.kcap.api.PcapFilter;
import io.kcap.selector.Selector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the standalone agent in {@code kcap demo}'s test, until the agent is on main:
 * {@link FakeAgent}'s API, and for each stored capture one tcpdump per selected endpoint of the
 * inventory, writing {@code <state>/pcap/NS/NAME/POD_IFACE.pcap} until the end time, with the
 * status a node reports (Capturing, then Finished).
 */
final class TcpdumpAgent implements AgentLauncher {
  private static final Pattern CAPTURED = Pattern.compile("(\\d+) packets? captured");

  @Override
  public RunningAgent start(Path stateDir, InetSocketAddress listen) throws IOException {
    FakeAgent api = FakeAgent.start(stateDir);
    List<Process> running = new CopyOnWriteArrayList<>();
    api.onStored(
        capture -> Thread.ofVirtual().start(() -> capture(api, stateDir, capture, running)));
    return () -> {
      running.forEach(Process::destroy);
      api.close();
    };
  }

  private static void capture(
      FakeAgent api, Path stateDir, PacketCapture capture, List<Process> running) {
    String namespace = capture.getMetadata().getNamespace();
    String name = capture.getMetadata().getName();
    Selector selector =
        Selector.parse(capture.getSpec().selector().filter(s -> !s.isBlank()).orElse("all()"));
    List<Endpoint> selected =
        Inventory.read(Inventory.in(stateDir), FakeAgent.NODE).endpoints().stream()
            .filter(e -> e.namespace().equals(namespace))
            .filter(e -> selector.matches(e.endpointLabels()))
            .toList();
    try {
      Path directory =
          Files.createDirectories(stateDir.resolve("pcap").resolve(namespace).resolve(name));
      List<Process> tcpdumps = new ArrayList<>();
      List<Path> messages = new ArrayList<>();
      List<String> files = new ArrayList<>();
      for (Endpoint endpoint : selected) {
        String file = endpoint.name() + "_" + endpoint.interfaceName() + ".pcap";
        files.add(file);
        List<String> command =
            new ArrayList<>(
                List.of(
                    "tcpdump",
                    "-i",
                    endpoint.interfaceName(),
                    "-n",
                    "--immediate-mode",
                    "-U",
                    "-w",
                    directory.resolve(file).toString()));
        String expression = PcapFilter.expression(capture.getSpec());
        if (!expression.isEmpty()) {
          command.add(expression);
        }
        // Its messages go to a file: the pipe of a process is gone once the process is.
        Path said = Files.createTempFile(stateDir, "tcpdump", ".err");
        Process tcpdump =
            new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(said.toFile())
                .start();
        awaitListening(tcpdump, said);
        messages.add(said);
        tcpdumps.add(tcpdump);
        running.add(tcpdump);
      }
      api.setStatus(namespace, name, status(directory, files, CaptureState.CAPTURING, 0));
      Instant end = capture.getSpec().end().orElseThrow();
      Thread.sleep(Duration.between(Instant.now(), end).plusMillis(1).toMillis());
      long packets = 0;
      for (int i = 0; i < tcpdumps.size(); i++) {
        tcpdumps.get(i).destroy();
        tcpdumps.get(i).waitFor(10, TimeUnit.SECONDS);
        Matcher count = CAPTURED.matcher(Files.readString(messages.get(i)));
        if (count.find()) {
          packets += Long.parseLong(count.group(1));
        }
      }
      api.setStatus(namespace, name, status(directory, files, CaptureState.FINISHED, packets));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** tcpdump says "listening on" once its socket is bound; packets before that are lost. */
  private static void awaitListening(Process tcpdump, Path said)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!Files.readString(said).contains("listening on")) {
      if (!tcpdump.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IOException("tcpdump did not start listening: " + Files.readString(said));
      }
      Thread.sleep(20);
    }
  }

  private static PacketCaptureStatus status(
      Path directory, List<String> files, CaptureState state, long packets) {
    return new PacketCaptureStatus(
        List.of(
            new CaptureFiles(
                FakeAgent.NODE, directory.toString(), files, state, packets, 0, 0, "")));
  }
}
