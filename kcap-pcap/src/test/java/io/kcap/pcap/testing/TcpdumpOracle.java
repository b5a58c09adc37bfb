package io.kcap.pcap.testing;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import io.kcap.pcap.bpf.BpfListing;
import io.kcap.pcap.bpf.BpfProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** tcpdump as the oracle: what libpcap compiles an expression to, and which packets it keeps. */
public final class TcpdumpOracle {
  private final Path directory;

  public TcpdumpOracle(Path directory) {
    this.directory = directory;
  }

  /** Output of {@code tcpdump <flag> -r <empty file of linkType> expression}. */
  public String listing(String flag, String expression, LinkType linkType, int snapLength)
      throws IOException, InterruptedException {
    Path empty = directory.resolve("empty-" + linkType.value() + "-" + snapLength + ".pcap");
    if (!Files.exists(empty)) {
      TestPcap.write(empty, linkType, snapLength, List.of());
    }
    return run(List.of("tcpdump", flag, "-r", empty.toString(), expression));
  }

  public BpfProgram compile(String expression, LinkType linkType, int snapLength)
      throws IOException, InterruptedException {
    return BpfListing.parseDecimal(listing("-ddd", expression, linkType, snapLength));
  }

  /**
   * The timestamps of the packets of {@code capture} that {@code tcpdump -r capture -w out
   * expression} keeps.
   */
  public Set<Long> keptTimestamps(Path capture, String expression)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(directory, "kept", ".pcap");
    run(List.of("tcpdump", "-r", capture.toString(), "-w", out.toString(), expression));
    Set<Long> kept = new TreeSet<>();
    for (Packet packet : TestPcap.read(out)) {
      kept.add(packet.timestampNanos());
    }
    Files.delete(out);
    return kept;
  }

  private String run(List<String> command) throws IOException, InterruptedException {
    Path errors = Files.createTempFile(directory, "tcpdump", ".err");
    Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " failed: " + Files.readString(errors).strip());
    }
    Files.delete(errors);
    return new String(output, StandardCharsets.UTF_8);
  }
}
