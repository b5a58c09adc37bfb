package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.pcap.CaptureReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM settings the {@code ./kcap} launcher gives a capture, read from the script itself: the
 * JVM takes them all, and with them {@code kcap capture -w -} still writes nothing but the pcap
 * stream to standard output (the JVM prints each CompileCommand there unless told to be quiet
 * first).
 */
class LauncherCaptureSettingsTest {
  private static final Path LAUNCHER = Path.of("..", "kcap").toAbsolutePath().normalize();

  @TempDir Path dir;

  /** The launcher's {@code capture_defaults}, evaluated by bash from the script's own lines. */
  private static List<String> captureSettings() throws IOException, InterruptedException {
    String print =
        "eval \"$(sed -n '/^capture_defaults=(/,/^done$/p' \"$1\")\";"
            + " printf '%s\\n' \"${capture_defaults[@]}\"";
    Process bash =
        new ProcessBuilder("bash", "-c", print, "bash", LAUNCHER.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  @Test
  void compileCommandsAreQuietFirstAndTheJdkHelpersCompileEarly() throws Exception {
    List<String> settings = captureSettings();

    List<String> compileCommands =
        settings.stream().filter(s -> s.startsWith("-XX:CompileCommand=")).toList();
    assertThat(compileCommands).first().isEqualTo("-XX:CompileCommand=quiet");
    assertThat(settings)
        .contains("-XX:CompileThresholdScaling=5")
        .contains("-XX:CompileCommand=CompileThresholdScaling,java.nio.ByteBuffer::*,0.2")
        .contains(
            "-XX:CompileCommand=CompileThresholdScaling,jdk.internal.misc.ScopedMemoryAccess::*,0.2");
  }

  @Test
  void aCaptureToStandardOutputWithTheLauncherSettingsIsAWholePcapStream() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(captureSettings());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(KcapMain.class.getName());
    command.addAll(List.of("capture", "-i", "lo", "--duration", "2s", "-w", "-", "udp port 47811"));
    Path out = dir.resolve("stdout.pcap");
    Path err = dir.resolve("stderr.txt");
    Process capture =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();

    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(err).contains("capturing on")) {
      assertThat(capture.isAlive()).as(Files.readString(err)).isTrue();
      assertThat(System.nanoTime()).as("ready within 30 s").isLessThan(giveUp);
      Thread.sleep(10);
    }
    int sent = 5;
    try (DatagramSocket socket = new DatagramSocket()) {
      byte[] payload = "kcap launcher settings".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < sent; i++) {
        socket.send(
            new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), 47811));
      }
    }
    assertThat(capture.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(capture.exitValue()).as(Files.readString(err)).isZero();

    byte[] stream = Files.readAllBytes(out);
    int packets = 0;
    try (CaptureReader reader =
        CaptureReader.open(Channels.newChannel(new ByteArrayInputStream(stream)))) {
      while (reader.next()) {
        packets++;
      }
    }
    assertThat(packets).isEqualTo(sent);
    assertThat(Files.readString(err)).contains(sent + " packets captured");
  }
}
