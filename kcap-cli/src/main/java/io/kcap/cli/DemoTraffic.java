package io.kcap.cli;

import io.kcap.agent.sandbox.CommandRunner;
import io.kcap.agent.sandbox.Sandbox;
import io.kcap.agent.sandbox.SandboxPod;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The demo's traffic between sandbox pods: some the capture must keep, some it must not, with real
 * programs inside the pods' network namespaces. Servers are ncat (which the demo needs for UDP
 * anyway), so the demo behaves the same on every machine; the HTTP client is curl when there is
 * one.
 */
final class DemoTraffic implements AutoCloseable {
  static final int HTTP_PORT = 8080;
  static final int UDP_PORT = 5353;
  static final int OTHER_TCP_PORT = 9090;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  /** One exchange between two pods, and whether the demo's capture should keep it. */
  record Flow(String protocol, String from, String to, String what, String verdict) {}

  /** A flow and how running it went. */
  record Outcome(Flow flow, boolean succeeded, String problem) {}

  private final CommandRunner runner;
  private final SandboxPod web1;
  private final SandboxPod web2;
  private final SandboxPod db1;
  private final SandboxPod web9;
  private final List<Process> servers = new ArrayList<>();

  /** The pods playing each part: web-1 serves HTTP, web-2 UDP, db-1 and web-9 are clients. */
  DemoTraffic(
      CommandRunner runner, SandboxPod web1, SandboxPod web2, SandboxPod db1, SandboxPod web9) {
    this.runner = Objects.requireNonNull(runner);
    this.web1 = web1;
    this.web2 = web2;
    this.db1 = db1;
    this.web9 = web9;
  }

  /** The programs the demo cannot do without; empty when all are there. */
  static List<String> missingPrograms() {
    return List.of("ncat", "ss", "bash").stream().filter(program -> !onPath(program)).toList();
  }

  /** Starts the servers in their pods and waits until they listen. */
  void startServers() throws IOException {
    // Reads the request up to its empty line, then answers: a complete HTTP/1.0 exchange.
    String http =
        "while IFS= read -r line; do [ \"${line%?}\" = \"\" ] && break; done;"
            + " printf 'HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 16"
            + "\\r\\n\\r\\nhello from kcap\\n'";
    start(web1, "ncat", "-lk", "-p", Integer.toString(HTTP_PORT), "--sh-exec", http);
    start(web2, "ncat", "-u", "-l", "-p", Integer.toString(UDP_PORT), "--recv-only");
    // db-1 listens too, so that datagrams to it are not answered with ICMP "port unreachable".
    start(db1, "ncat", "-u", "-l", "-p", Integer.toString(UDP_PORT), "--recv-only");
    start(web2, "ncat", "-lk", "-p", Integer.toString(OTHER_TCP_PORT), "--recv-only");
    awaitListening(web1, "-ltn", HTTP_PORT);
    awaitListening(web2, "-lun", UDP_PORT);
    awaitListening(db1, "-lun", UDP_PORT);
    awaitListening(web2, "-ltn", OTHER_TCP_PORT);
  }

  /** Runs every flow in turn and says how each went. */
  List<Outcome> run() {
    List<Outcome> outcomes = new ArrayList<>();
    String web1Ip = web1.ip();
    String web2Ip = web2.ip();
    outcomes.add(
        http(
            db1,
            5,
            new Flow(
                "HTTP",
                name(db1),
                name(web1) + ":" + HTTP_PORT,
                "5 requests",
                "captured: TCP " + HTTP_PORT + " to a selected pod")));
    outcomes.add(
        http(
            web9,
            3,
            new Flow(
                "HTTP",
                name(web9),
                name(web1) + ":" + HTTP_PORT,
                "3 requests",
                "captured on web-1, which is selected; web-9 itself is not")));
    outcomes.add(
        inPod(
            db1,
            new Flow(
                "UDP",
                name(db1),
                name(web2) + ":" + UDP_PORT,
                "5 datagrams",
                "captured: UDP " + UDP_PORT + " to a selected pod"),
            datagrams(web2Ip, 5)));
    outcomes.add(
        inPod(
            db1,
            new Flow(
                "TCP",
                name(db1),
                name(web2) + ":" + OTHER_TCP_PORT,
                "1 message",
                "not captured: port " + OTHER_TCP_PORT + " is not in the filters"),
            "echo 'not for the capture' | ncat --send-only -w 3 " + web2Ip + " " + OTHER_TCP_PORT));
    if (onPath("ping")) {
      outcomes.add(
          inPod(
              db1,
              new Flow(
                  "ICMP",
                  name(db1),
                  name(web1),
                  "3 pings",
                  "not captured: ICMP is not in the filters"),
              "ping -c 3 -i 0.2 -W 1 " + web1Ip + " > /dev/null"));
    }
    outcomes.add(
        inPod(
            web9,
            new Flow(
                "UDP",
                name(web9),
                name(db1) + ":" + UDP_PORT,
                "3 datagrams",
                "not captured: neither pod is selected (web-9 has app=web, in another"
                    + " namespace)"),
            datagrams(db1.ip(), 3)));
    return List.copyOf(outcomes);
  }

  /** Stops the servers. */
  @Override
  public void close() {
    for (Process server : servers) {
      server.descendants().forEach(ProcessHandle::destroy);
      server.destroy();
    }
    for (Process server : servers) {
      try {
        if (!server.waitFor(2, TimeUnit.SECONDS)) {
          server.descendants().forEach(ProcessHandle::destroyForcibly);
          server.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.destroyForcibly();
      }
    }
    servers.clear();
  }

  private static String name(SandboxPod pod) {
    return pod.qualifiedName();
  }

  private Outcome http(SandboxPod client, int requests, Flow flow) {
    String url = "http://" + web1.ip() + ":" + HTTP_PORT + "/";
    String one =
        onPath("curl")
            ? "curl -sf -o /dev/null -m 3 " + url
            : "printf 'GET / HTTP/1.0\\r\\nHost: "
                + web1.ip()
                + "\\r\\n\\r\\n' | ncat --no-shutdown -w 3 "
                + web1.ip()
                + " "
                + HTTP_PORT
                + " | grep -q '200 OK'";
    return inPod(client, flow, "for i in $(seq " + requests + "); do " + one + " || exit 1; done");
  }

  /**
   * {@code count} datagrams from one socket, one per write: bash's {@code /dev/udp} sends each
   * {@code echo} as its own datagram, where a pipe into ncat may merge lines that arrive before it
   * is ready.
   */
  private static String datagrams(String ip, int count) {
    return "exec 3>/dev/udp/"
        + ip
        + "/"
        + UDP_PORT
        + "; for i in $(seq "
        + count
        + "); do echo \"datagram $i\" >&3; sleep 0.02; done";
  }

  private Outcome inPod(SandboxPod pod, Flow flow, String script) {
    CommandRunner.Result result =
        runner.run(Sandbox.execCommand(pod, List.of("bash", "-c", script)));
    return new Outcome(flow, result.succeeded(), result.succeeded() ? "" : result.describe());
  }

  private void start(SandboxPod pod, String... command) throws IOException {
    Process process =
        new ProcessBuilder(Sandbox.execCommand(pod, List.of(command)))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    servers.add(process);
  }

  private void awaitListening(SandboxPod pod, String ssFlags, int port) throws IOException {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      CommandRunner.Result result =
          runner.run(Sandbox.execCommand(pod, List.of("ss", "-H", ssFlags, "sport = :" + port)));
      if (result.succeeded() && !result.stdout().isBlank()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted while starting the demo's servers", 130);
      }
    }
    throw new IOException(
        "the demo's server on port " + port + " in " + name(pod) + " did not start listening");
  }

  static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }
}
