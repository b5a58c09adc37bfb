package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a kcap process loads, seen from a child JVM's class loading log: every class it loads is one
 * the AOT cache holds and preloads at each start, in resident memory next to a capture's ring.
 */
class StartupClassesTest {
  @TempDir Path dir;

  /** The classes the child JVM loaded, and its exit code. */
  private record Child(int exitCode, List<String> classes, String output) {}

  private Child java(String mainClass, String... args) throws IOException, InterruptedException {
    Path log = dir.resolve("classes.log");
    Path output = dir.resolve("output.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xlog:class+load=info:file=" + log);
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ends by itself", mainClass).isTrue();
    List<String> classes =
        Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .map(line -> line.replaceFirst("^\\[[^]]*]\\[[^]]*]\\[[^]]*] ", ""))
            .map(line -> line.split(" ", 2)[0])
            .toList();
    return new Child(process.exitValue(), classes, Files.readString(output));
  }

  @Test
  void buildingACommandLineLoadsNoneOfPicocliSJavaTimeAndSqlConverters() throws Exception {
    Child child = java(KcapMain.class.getName(), "capture", "--help");

    assertThat(child.exitCode()).as(child.output()).isZero();
    assertThat(child.output()).contains("--ring-size");
    assertThat(child.classes()).contains("picocli.CommandLine$Interpreter");
    assertThat(child.classes())
        .noneMatch(name -> name.startsWith("java.sql."))
        .noneMatch(name -> name.startsWith("java.time.format."));
  }

  @Test
  void theCaptureTrainingEndsWithoutTheJdkSExitLogging() throws Exception {
    // A capture it cannot start (no such interface) still runs the whole command and exits 1
    // through KcapMain.main, which logs the exit; the training returns instead.
    Child kcap = java(KcapMain.class.getName(), "capture", "-i", "kcap-no-such0", "-w", "-");
    Child training =
        java(CaptureTraining.class.getName(), "capture", "-i", "kcap-no-such0", "-w", "-");

    assertThat(kcap.exitCode()).isEqualTo(1);
    assertThat(kcap.classes()).contains("jdk.internal.logger.LazyLoggers");
    assertThat(training.output()).isEqualTo(kcap.output()).contains("kcap-no-such0");
    assertThat(training.classes())
        .contains("io.kcap.cli.CaptureCommand")
        .noneMatch(name -> name.startsWith("jdk.internal.logger."));
  }
}
