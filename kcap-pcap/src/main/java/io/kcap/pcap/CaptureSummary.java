package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code kcap pcap info} reports about one file: its format and interfaces, how many packets
 * and bytes it holds, and the time they span.
 *
 * <p>Earliest and latest are the smallest and largest timestamps, not the first and last packets',
 * as capinfos reports them; packets without a timestamp (Simple Packet Blocks) are counted but have
 * no time.
 *
 * @param byteOrders byte order of the file, or of each pcapng section, without repeats
 * @param version {@code 2.4} for pcap, the first section's {@code 1.0} for pcapng
 * @param sections 1 for pcap, the number of sections for pcapng
 * @param snapLength the pcap header's snap length, or the largest of the pcapng interfaces (0: no
 *     limit)
 * @param originalBytes the sum of original lengths (capinfos's "data size")
 * @param timestampedPackets packets that carry a timestamp
 */
public record CaptureSummary(
    CaptureFormat format,
    List<ByteOrder> byteOrders,
    String version,
    int sections,
    List<CaptureInterface> interfaces,
    long snapLength,
    long packets,
    long capturedBytes,
    long originalBytes,
    long timestampedPackets,
    long earliestNanos,
    long latestNanos) {

  public CaptureSummary {
    Objects.requireNonNull(format, "format");
    byteOrders = List.copyOf(byteOrders);
    Objects.requireNonNull(version, "version");
    interfaces = List.copyOf(interfaces);
  }

  /** Reads the whole file. */
  public static CaptureSummary of(CaptureReader reader) throws IOException {
    long packets = 0;
    long captured = 0;
    long original = 0;
    long timestamped = 0;
    long earliest = Long.MAX_VALUE;
    long latest = Long.MIN_VALUE;
    LinkedHashSet<ByteOrder> orders = new LinkedHashSet<>();
    orders.add(reader.byteOrder());
    String version;
    int sections = 1;
    if (reader instanceof PcapReader pcap) {
      version = pcap.header().versionMajor() + "." + pcap.header().versionMinor();
    } else {
      PcapNgReader pcapng = (PcapNgReader) reader;
      Block.SectionHeader first = pcapng.sectionHeader();
      version = first.majorVersion() + "." + first.minorVersion();
    }
    int lastSection = 0;
    while (reader.next()) {
      packets++;
      captured += reader.capturedLength();
      original += reader.originalLength();
      if (reader.hasTimestamp()) {
        timestamped++;
        long nanos = reader.timestampNanos();
        earliest = Math.min(earliest, nanos);
        latest = Math.max(latest, nanos);
      }
      if (reader instanceof PcapNgReader pcapng && pcapng.sectionIndex() != lastSection) {
        lastSection = pcapng.sectionIndex();
        orders.add(pcapng.byteOrder());
      }
    }
    if (reader instanceof PcapNgReader pcapng) {
      sections = pcapng.sectionIndex() + 1;
      orders.add(pcapng.byteOrder());
    }
    List<CaptureInterface> interfaces = reader.interfaces();
    long snapLength =
        reader instanceof PcapReader pcap
            ? pcap.header().snapLength()
            : interfaces.stream().mapToLong(CaptureInterface::snapLength).max().orElse(0);
    return new CaptureSummary(
        reader.format(),
        new ArrayList<>(orders),
        version,
        sections,
        interfaces,
        snapLength,
        packets,
        captured,
        original,
        timestamped,
        earliest,
        latest);
  }

  /** The distinct link types, in order of first appearance. */
  public List<LinkType> linkTypes() {
    return interfaces.stream().map(CaptureInterface::linkType).distinct().toList();
  }

  /** Whether every packet has a timestamp and there is at least one packet. */
  public boolean hasTimeSpan() {
    return packets > 0 && timestampedPackets == packets;
  }

  public Optional<Instant> earliest() {
    return hasTimeSpan() ? Optional.of(instant(earliestNanos)) : Optional.empty();
  }

  public Optional<Instant> latest() {
    return hasTimeSpan() ? Optional.of(instant(latestNanos)) : Optional.empty();
  }

  /** Latest minus earliest. */
  public Optional<Duration> duration() {
    return hasTimeSpan()
        ? Optional.of(Duration.ofSeconds(0, latestNanos).minusNanos(earliestNanos))
        : Optional.empty();
  }

  /** Packets per second over the duration; empty when the duration is zero. */
  public Optional<Double> packetsPerSecond() {
    return perSecond(packets);
  }

  /** Original bytes per second over the duration (capinfos's data byte rate). */
  public Optional<Double> bytesPerSecond() {
    return perSecond(originalBytes);
  }

  private Optional<Double> perSecond(long count) {
    if (!hasTimeSpan() || latestNanos <= earliestNanos) {
      return Optional.empty();
    }
    return Optional.of(count / (((double) latestNanos - (double) earliestNanos) / 1e9));
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
