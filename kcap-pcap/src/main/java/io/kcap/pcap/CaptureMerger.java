package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges captures into one, ordered by timestamp, streaming: one packet per input is held, so
 * memory does not grow with the files. The packet sequence is exactly {@code mergecap}'s (Wireshark
 * {@code wiretap/merge.c}, {@code merge_read_packet}): only the next packet of each input is
 * compared, so a file whose own packets are out of order stays so; among packets with equal
 * timestamps the one of the <em>later</em> input comes first, because mergecap's {@code is_earlier}
 * holds for equal times and the scan keeps the last match; a packet without timestamp (a pcapng
 * Simple Packet Block) comes before all others, the earlier input's first.
 *
 * <p>The output is pcap when every input interface has the same link type, pcapng otherwise (every
 * input interface becomes one output interface, keeping its resolution and offset, so timestamps
 * are copied exactly). A pcap output uses nanoseconds when any input is finer than microseconds;
 * its snap length is the largest of the inputs'. The pcapng output keeps each packet's options but
 * not the inputs' other blocks.
 *
 * <p>The choice is made from the interfaces declared before each input's first packet; a pcapng
 * input that declares an interface of another link type later fails a pcap merge with a clear
 * error.
 *
 * {@snippet :
 * List<CaptureMerger.Input> inputs =
 *     List.of(new Input("a.pcap", CaptureReader.open(a)), new Input("b.pcapng", CaptureReader.open(b)));
 * CaptureMerger.Result result = CaptureMerger.builder().build().merge(inputs, channel);
 * }
 */
public final class CaptureMerger {
  private static final long MICROS_UNITS = 1_000_000;

  private final Optional<CaptureFormat> format;
  private final int bufferSize;

  /** What a merge wrote. */
  public record Result(long packets, CaptureFormat format, int interfaces) {}

  /** One input and the name its faults are reported under. */
  public record Input(String name, CaptureReader reader) {
    public Input {
      java.util.Objects.requireNonNull(name, "name");
      java.util.Objects.requireNonNull(reader, "reader");
    }
  }

  private CaptureMerger(Optional<CaptureFormat> format, int bufferSize) {
    this.format = format;
    this.bufferSize = bufferSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of a {@link CaptureMerger}. */
  public static final class Builder {
    private Optional<CaptureFormat> format = Optional.empty();
    private int bufferSize = 1 << 20;

    private Builder() {}

    /** Forces the output format; pcap fails when the inputs have several link types. */
    public Builder format(CaptureFormat format) {
      this.format = Optional.of(format);
      return this;
    }

    public Builder bufferSize(int bufferSize) {
      if (bufferSize < 64) {
        throw new IllegalArgumentException("buffer size " + bufferSize + " is less than 64");
      }
      this.bufferSize = bufferSize;
      return this;
    }

    public CaptureMerger build() {
      return new CaptureMerger(format, bufferSize);
    }
  }

  /**
   * Merges the inputs to their ends into {@code out}, which is closed afterwards; the inputs are
   * not closed.
   *
   * @throws IllegalArgumentException when pcap is asked for inputs of several link types
   */
  public Result merge(List<Input> inputs, WritableByteChannel out) throws IOException {
    int count = inputs.size();
    CaptureReader[] readers = new CaptureReader[count];
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      readers[i] = inputs.get(i).reader();
      names[i] = inputs.get(i).name();
    }
    long[] stamps = new long[count];
    boolean[] untimed = new boolean[count];
    MergeHeap heap = new MergeHeap(stamps, untimed);
    try {
      return merge(readers, heap, stamps, untimed, out);
    } catch (PcapFormatException e) {
      if (e.source().isPresent() || heap.reading < 0) {
        throw e;
      }
      throw new PcapFormatException(names[heap.reading], e);
    }
  }

  private Result merge(
      CaptureReader[] readers,
      MergeHeap heap,
      long[] stamps,
      boolean[] untimed,
      WritableByteChannel out)
      throws IOException {
    int count = readers.length;
    for (int i = 0; i < count; i++) {
      heap.reading = i;
      if (readers[i].next()) {
        stamps[i] = stampOf(readers[i]);
        untimed[i] = !readers[i].hasTimestamp();
        heap.add(i);
      }
    }
    Set<LinkType> linkTypes = new LinkedHashSet<>();
    for (CaptureReader reader : readers) {
      for (CaptureInterface captureInterface : reader.interfaces()) {
        linkTypes.add(captureInterface.linkType());
      }
    }
    CaptureFormat target =
        format.orElse(linkTypes.size() == 1 ? CaptureFormat.PCAP : CaptureFormat.PCAPNG);
    if (target == CaptureFormat.PCAP) {
      if (linkTypes.size() > 1) {
        out.close();
        throw new IllegalArgumentException(
            "a pcap file holds one link type but the inputs have "
                + linkTypes.stream().map(LinkType::toString).toList()
                + "; merge to pcapng instead");
      }
      if (linkTypes.isEmpty()) {
        out.close();
        throw new IllegalArgumentException(
            "the inputs declare no interface, so there is no link type for a pcap file");
      }
      return mergeToPcap(readers, heap, stamps, linkTypes.iterator().next(), out);
    }
    return mergeToPcapng(readers, heap, stamps, out);
  }

  private static long stampOf(CaptureReader reader) {
    return reader.hasTimestamp() ? reader.timestampNanos() : 0;
  }

  private Result mergeToPcap(
      CaptureReader[] readers,
      MergeHeap heap,
      long[] stamps,
      LinkType linkType,
      WritableByteChannel channel)
      throws IOException {
    boolean nanos = false;
    long snapLength = 0;
    for (CaptureReader reader : readers) {
      for (CaptureInterface captureInterface : reader.interfaces()) {
        nanos |= captureInterface.resolution().unitsPerSecond() > MICROS_UNITS;
        long snap = captureInterface.snapLength();
        snapLength = Math.max(snapLength, snap == 0 ? 262144 : snap);
      }
    }
    TimestampPrecision precision =
        nanos ? TimestampPrecision.NANOSECONDS : TimestampPrecision.MICROSECONDS;
    ByteOrder order = ByteOrder.nativeOrder();
    boolean[] rawCopy = new boolean[readers.length];
    for (int i = 0; i < readers.length; i++) {
      rawCopy[i] =
          readers[i] instanceof PcapReader pcap
              && pcap.header().byteOrder() == order
              && pcap.header().precision() == precision
              && !pcap.header().lengthsSwapped()
              && !pcap.header().lengthsMaybeSwapped();
    }
    long packets = 0;
    try (PcapWriter out =
        new PcapWriter(channel, PcapHeader.of(linkType, snapLength, precision), bufferSize, true)) {
      while (!heap.isEmpty()) {
        int i = heap.peek();
        CaptureReader reader = readers[i];
        if (!reader.captureInterface().linkType().equals(linkType)) {
          heap.reading = i;
          throw new PcapFormatException(
              reader.recordOffset(),
              "an interface of link type "
                  + reader.captureInterface().linkType()
                  + " appears after the merge chose a "
                  + linkType
                  + " pcap file; merge to pcapng instead");
        }
        if (rawCopy[i]) {
          PcapReader pcap = (PcapReader) reader;
          out.writeRecords(
              pcap.input().buffer(),
              pcap.recordIndex(),
              PcapReader.RECORD_HEADER_LENGTH + pcap.capturedLength());
        } else {
          out.writeConverted(
              stamps[i],
              reader.originalLength(),
              reader.buffer(),
              reader.dataOffset(),
              reader.capturedLength());
        }
        packets++;
        advance(reader, i, heap, stamps);
      }
    }
    return new Result(packets, CaptureFormat.PCAP, 1);
  }

  private void advance(CaptureReader reader, int i, MergeHeap heap, long[] stamps)
      throws IOException {
    heap.reading = i;
    if (reader.next()) {
      stamps[i] = stampOf(reader);
      heap.untimed[i] = !reader.hasTimestamp();
      heap.replaceTop(i);
    } else {
      heap.poll();
    }
  }

  private Result mergeToPcapng(
      CaptureReader[] readers, MergeHeap heap, long[] stamps, WritableByteChannel channel)
      throws IOException {
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    List<Map<Integer, Integer>> mapping = new ArrayList<>();
    for (int i = 0; i < readers.length; i++) {
      mapping.add(new HashMap<>());
    }
    long packets = 0;
    int[] declared = {0};
    try (PcapNgWriter out = new PcapNgWriter(channel, bufferSize, true)) {
      out.write(
          Block.SectionHeader.of(
              order,
              List.of(
                  Option.string(OptionCode.SHB_USER_APPLICATION, "kcap merge"),
                  Option.endOfOptions())));
      for (int i = 0; i < readers.length; i++) {
        for (CaptureInterface captureInterface : readers[i].interfaces()) {
          declare(out, readers[i], captureInterface, mapping.get(i), declared);
        }
      }
      while (!heap.isEmpty()) {
        int i = heap.peek();
        CaptureReader reader = readers[i];
        CaptureInterface source = reader.captureInterface();
        Integer target = mapping.get(i).get(source.index());
        if (target == null) {
          target = declare(out, reader, source, mapping.get(i), declared);
        }
        if (reader instanceof PcapNgReader pcapng
            && pcapng.blockType() == Block.ENHANCED_PACKET
            && pcapng.byteOrder() == order) {
          // Same byte order and interface parameters: units and options are copied as stored.
          out.writeEnhancedRaw(
              target,
              pcapng.timestampUnits(),
              pcapng.originalLength(),
              pcapng.buffer(),
              pcapng.dataOffset(),
              pcapng.capturedLength(),
              pcapng.optionsIndex(),
              pcapng.trailerIndex() - pcapng.optionsIndex());
        } else if (reader instanceof PcapNgReader pcapng
            && pcapng.blockType() == Block.ENHANCED_PACKET) {
          Block.EnhancedPacket epb = (Block.EnhancedPacket) pcapng.block();
          out.write(
              new Block.EnhancedPacket(
                  target,
                  epb.timestamp(),
                  epb.originalLength(),
                  epb.data(),
                  Options.reorder(
                      Block.ENHANCED_PACKET, epb.options(), pcapng.byteOrder(), order)));
        } else if (reader instanceof PcapNgReader pcapng) {
          // Simple and obsolete packet blocks: the interface's units are kept, options dropped.
          out.writeEnhancedRaw(
              target,
              pcapng.timestampUnits(),
              pcapng.originalLength(),
              pcapng.buffer(),
              pcapng.dataOffset(),
              pcapng.capturedLength(),
              0,
              0);
        } else {
          out.writePacket(
              target,
              stamps[i],
              reader.originalLength(),
              reader.buffer(),
              reader.dataOffset(),
              reader.capturedLength());
        }
        packets++;
        advance(reader, i, heap, stamps);
      }
    }
    return new Result(packets, CaptureFormat.PCAPNG, declared[0]);
  }

  private static int declare(
      PcapNgWriter out,
      CaptureReader reader,
      CaptureInterface source,
      Map<Integer, Integer> mapping,
      int[] declared)
      throws IOException {
    if (reader instanceof PcapNgReader pcapng) {
      Block.InterfaceDescription description = pcapng.interfaceDescription(source.index());
      out.write(
          new Block.InterfaceDescription(
              description.linkType(),
              description.snapLength(),
              Options.reorder(
                  Block.INTERFACE_DESCRIPTION,
                  description.options(),
                  pcapng.interfaceByteOrder(source.index()),
                  out.byteOrder())));
    } else {
      out.write(
          Block.InterfaceDescription.of(
              source.linkType(), source.snapLength(), source.resolution()));
    }
    int id = declared[0]++;
    mapping.put(source.index(), id);
    return id;
  }

  /** A binary min-heap of input indexes in mergecap's order (see the class comment). */
  static final class MergeHeap {
    private final long[] stamps;
    final boolean[] untimed;
    private final int[] heap;
    private int size;

    /** The input being read, for naming it in a format error; -1 before the first read. */
    int reading = -1;

    MergeHeap(long[] stamps, boolean[] untimed) {
      this.stamps = stamps;
      this.untimed = untimed;
      this.heap = new int[stamps.length];
    }

    boolean isEmpty() {
      return size == 0;
    }

    int peek() {
      return heap[0];
    }

    void add(int input) {
      heap[size] = input;
      up(size++);
    }

    void poll() {
      heap[0] = heap[--size];
      down(0);
    }

    /** The top's timestamp changed: restore the order. */
    void replaceTop(int input) {
      heap[0] = input;
      down(0);
    }

    private boolean before(int a, int b) {
      if (untimed[a] || untimed[b]) {
        return untimed[a] && (!untimed[b] || a < b);
      }
      return stamps[a] < stamps[b] || (stamps[a] == stamps[b] && a > b);
    }

    private void up(int at) {
      int node = heap[at];
      while (at > 0) {
        int parent = (at - 1) / 2;
        if (!before(node, heap[parent])) {
          break;
        }
        heap[at] = heap[parent];
        at = parent;
      }
      heap[at] = node;
    }

    private void down(int at) {
      int node = heap[at];
      while (true) {
        int child = 2 * at + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && before(heap[child + 1], heap[child])) {
          child++;
        }
        if (!before(heap[child], node)) {
          break;
        }
        heap[at] = heap[child];
        at = child;
      }
      heap[at] = node;
    }
  }
}
