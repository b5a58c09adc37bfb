package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Copies a capture, keeping the packets inside a time window that a per-interface predicate
 * accepts, optionally converting between pcap and pcapng.
 *
 * <ul>
 *   <li>pcap to pcap: the output is byte for byte what {@code tcpdump -r IN -w OUT} writes (host
 *       byte order, microsecond stamps unless {@link Builder#nanosecondPcap}, libpcap's header
 *       normalisation); see {@link SavefileCopier}.
 *   <li>pcapng to pcapng: every block is copied as stored, except packets that are filtered out and
 *       custom blocks marked "do not copy" (type {@code 0x40000BAD}); sections, interfaces,
 *       statistics, name resolution and unknown blocks are kept in place.
 *   <li>pcap to pcapng: one section, one interface with the file's link type, snap length and
 *       resolution, then Enhanced Packet Blocks.
 *   <li>pcapng to pcap: possible when every interface has the link type of the first; header as
 *       libpcap writes it from the first interface.
 * </ul>
 *
 * The window is {@code [start, end)}; packets without a timestamp (Simple Packet Blocks) are
 * outside every bounded window.
 *
 * {@snippet :
 * CaptureFilter filter =
 *     CaptureFilter.builder().window(start, end).predicates(factory).build();
 * try (CaptureReader in = CaptureReader.open(source)) {
 *   CaptureFilter.Result result =
 *       filter.run(in, FileChannel.open(target, CREATE, WRITE, TRUNCATE_EXISTING));
 * }
 * }
 */
public final class CaptureFilter {
  private final Optional<CaptureFormat> format;
  private final long startNanos;
  private final long endNanos;
  private final PacketPredicate.Factory predicates;
  private final boolean filtering;
  private final boolean nanosecondPcap;
  private final int bufferSize;

  /** What a run did. */
  public record Result(long packetsRead, long packetsWritten, CaptureFormat format) {}

  private CaptureFilter(Builder builder) {
    this.format = builder.format;
    this.startNanos = builder.startNanos;
    this.endNanos = builder.endNanos;
    this.predicates = builder.predicates;
    this.filtering = builder.filtering;
    this.nanosecondPcap = builder.nanosecondPcap;
    this.bufferSize = builder.bufferSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of a {@link CaptureFilter}; every one has a default that copies everything. */
  public static final class Builder {
    private Optional<CaptureFormat> format = Optional.empty();
    private long startNanos = Long.MIN_VALUE;
    private long endNanos = Long.MAX_VALUE;
    private PacketPredicate.Factory predicates = PacketPredicate.Factory.all();
    private boolean filtering;
    private boolean nanosecondPcap;
    private int bufferSize = 1 << 20;

    private Builder() {}

    /** Output format; the input's when not set. */
    public Builder format(CaptureFormat format) {
      this.format = Optional.of(format);
      return this;
    }

    /** Keeps packets stamped at or after {@code start}. */
    public Builder start(Instant start) {
      this.startNanos = nanos(start);
      return this;
    }

    /** Keeps packets stamped before {@code end}. */
    public Builder end(Instant end) {
      this.endNanos = nanos(end);
      return this;
    }

    public Builder window(Instant start, Instant end) {
      return start(start).end(end);
    }

    /** The predicate of each interface; every packet is kept when not set. */
    public Builder predicates(PacketPredicate.Factory predicates) {
      this.predicates = Objects.requireNonNull(predicates, "predicates");
      this.filtering = true;
      return this;
    }

    /** Writes nanosecond pcap files (tcpdump's {@code --nano}); microseconds otherwise. */
    public Builder nanosecondPcap(boolean nanosecondPcap) {
      this.nanosecondPcap = nanosecondPcap;
      return this;
    }

    /** Bytes gathered per write system call. */
    public Builder bufferSize(int bufferSize) {
      if (bufferSize < 64) {
        throw new IllegalArgumentException("buffer size " + bufferSize + " is less than 64");
      }
      this.bufferSize = bufferSize;
      return this;
    }

    public CaptureFilter build() {
      if (startNanos > endNanos) {
        throw new IllegalArgumentException("the window ends before it starts");
      }
      return new CaptureFilter(this);
    }

    private static long nanos(Instant instant) {
      try {
        return Math.addExact(
            Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
      } catch (ArithmeticException e) {
        return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
    }
  }

  /**
   * Reads {@code in} to its end and writes the kept packets to {@code out}, which is closed
   * afterwards. Packets written before a format error stay written, as tcpdump leaves them.
   */
  public Result run(CaptureReader in, WritableByteChannel out) throws IOException {
    CaptureFormat target = format.orElse(in.format());
    return switch (in) {
      case PcapReader pcap when target == CaptureFormat.PCAP -> savefile(pcap, out);
      case PcapReader pcap -> pcapToPcapng(pcap, out);
      case PcapNgReader pcapng when target == CaptureFormat.PCAPNG -> pcapngToPcapng(pcapng, out);
      case PcapNgReader pcapng -> pcapngToPcap(pcapng, out);
    };
  }

  private Result savefile(PcapReader in, WritableByteChannel out) throws IOException {
    PacketPredicate predicate = filtering ? predicates.forInterface(in.captureInterface()) : null;
    SavefileCopier copier =
        new SavefileCopier(
            in,
            out,
            bufferSize,
            nanosecondPcap,
            startNanos,
            endNanos,
            predicate,
            CaptureReader.DEFAULT_MAX_RECORD_LENGTH);
    try {
      long[] counts = copier.run();
      return new Result(counts[0], counts[1], CaptureFormat.PCAP);
    } finally {
      copier.close();
    }
  }

  private boolean inWindow(CaptureReader in) {
    if (startNanos == Long.MIN_VALUE && endNanos == Long.MAX_VALUE) {
      return true;
    }
    if (!in.hasTimestamp()) {
      return false;
    }
    long nanos = in.timestampNanos();
    return nanos >= startNanos && nanos < endNanos;
  }

  /** The predicates of one run's interfaces, made when an interface's first packet comes. */
  private final class Predicates {
    private final List<PacketPredicate> byInterface = new ArrayList<>();

    boolean accepted(CaptureReader in) {
      if (!inWindow(in)) {
        return false;
      }
      if (!filtering) {
        return true;
      }
      CaptureInterface captureInterface = in.captureInterface();
      int index = captureInterface.index();
      while (byInterface.size() <= index) {
        byInterface.add(null);
      }
      PacketPredicate predicate = byInterface.get(index);
      if (predicate == null) {
        predicate = predicates.forInterface(captureInterface);
        byInterface.set(index, predicate);
      }
      return predicate.test(in.buffer(), in.dataOffset(), in.capturedLength(), in.originalLength());
    }
  }

  private Result pcapToPcapng(PcapReader in, WritableByteChannel channel) throws IOException {
    Predicates perInterface = new Predicates();
    long read = 0;
    long written = 0;
    try (PcapNgWriter out = new PcapNgWriter(channel, bufferSize, true)) {
      out.write(
          Block.SectionHeader.of(
              ByteOrder.LITTLE_ENDIAN,
              List.of(
                  Option.string(OptionCode.SHB_USER_APPLICATION, "kcap"), Option.endOfOptions())));
      PcapHeader header = in.header();
      out.write(
          Block.InterfaceDescription.of(
              header.linkType(), header.snapLength(), TimestampResolution.of(header.precision())));
      while (in.next()) {
        read++;
        if (perInterface.accepted(in)) {
          written++;
          out.writePacket(
              0,
              in.timestampNanos(),
              in.originalLength(),
              in.buffer(),
              in.dataOffset(),
              in.capturedLength());
        }
      }
    }
    return new Result(read, written, CaptureFormat.PCAPNG);
  }

  private Result pcapngToPcapng(PcapNgReader in, WritableByteChannel channel) throws IOException {
    Predicates perInterface = new Predicates();
    long read = 0;
    long written = 0;
    try (PcapNgWriter out = new PcapNgWriter(channel, bufferSize, true)) {
      // The section header is current right after opening.
      do {
        if (in.isPacket()) {
          read++;
          if (!perInterface.accepted(in)) {
            continue;
          }
          written++;
        } else if (in.blockType() == Block.CUSTOM_NO_COPY) {
          continue;
        }
        out.writeRaw(in.rawBlock());
      } while (in.nextBlock());
    }
    return new Result(read, written, CaptureFormat.PCAPNG);
  }

  private Result pcapngToPcap(PcapNgReader in, WritableByteChannel channel) throws IOException {
    Predicates perInterface = new Predicates();
    long read = 0;
    long written = 0;
    PcapWriter out = null;
    CaptureInterface first = null;
    try {
      while (in.next()) {
        read++;
        CaptureInterface captureInterface = in.captureInterface();
        if (first == null) {
          first = in.interfaces().getFirst();
          int dlt = first.linkType().value();
          out =
              new PcapWriter(
                  channel,
                  new PcapHeader(
                      ByteOrder.nativeOrder(),
                      nanosecondPcap
                          ? TimestampPrecision.NANOSECONDS
                          : TimestampPrecision.MICROSECONDS,
                      2,
                      4,
                      0,
                      0,
                      SavefileCopier.adjustedSnapLength(dlt, first.snapLength()),
                      first.linkType(),
                      0),
                  bufferSize,
                  true);
        }
        if (!captureInterface.linkType().equals(first.linkType())) {
          throw new PcapFormatException(
              in.recordOffset(),
              "a pcap file holds one link type, but interface "
                  + captureInterface.index()
                  + " is "
                  + captureInterface.linkType()
                  + " and interface 0 is "
                  + first.linkType()
                  + "; write pcapng instead");
        }
        if (perInterface.accepted(in)) {
          written++;
          out.writeConverted(
              in.hasTimestamp() ? in.timestampNanos() : 0,
              in.originalLength(),
              in.buffer(),
              in.dataOffset(),
              in.capturedLength());
        }
      }
      if (out == null) {
        List<CaptureInterface> interfaces = in.interfaces();
        if (interfaces.isEmpty()) {
          throw new PcapFormatException(
              in.offset(), "no interface declared, so no link type for a pcap file");
        }
        CaptureInterface only = interfaces.getFirst();
        out =
            new PcapWriter(
                channel,
                new PcapHeader(
                    ByteOrder.nativeOrder(),
                    nanosecondPcap
                        ? TimestampPrecision.NANOSECONDS
                        : TimestampPrecision.MICROSECONDS,
                    2,
                    4,
                    0,
                    0,
                    SavefileCopier.adjustedSnapLength(only.linkType().value(), only.snapLength()),
                    only.linkType(),
                    0),
                bufferSize,
                true);
      }
    } finally {
      if (out != null) {
        out.close();
      } else {
        channel.close();
      }
    }
    return new Result(read, written, CaptureFormat.PCAP);
  }
}
