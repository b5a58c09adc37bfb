package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes pcapng: any {@link Block}, blocks copied as raw bytes from a {@link PcapNgReader}, and
 * packets of the interfaces declared so far.
 *
 * <p>Each section is written in the byte order of its {@link Block.SectionHeader}. The writer
 * tracks the section's interfaces so that {@link #write(Packet)} converts timestamps to each
 * interface's {@code if_tsresol} and {@code if_tsoffset}, and so that no packet refers to an
 * interface that was not declared. Not thread-safe.
 */
public final class PcapNgWriter implements PacketWriter {
  public static final int DEFAULT_BUFFER_SIZE = 1 << 20;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final OutputBuffer out;
  private final List<CaptureInterface> interfaces = new ArrayList<>();
  private boolean inSection;
  private boolean closed;

  public PcapNgWriter(WritableByteChannel channel) {
    this(channel, DEFAULT_BUFFER_SIZE);
  }

  public PcapNgWriter(WritableByteChannel channel, int bufferSize) {
    this(channel, bufferSize, false);
  }

  /**
   * @param asynchronous whether full buffers are written by a thread of their own while the next
   *     fills (see {@link OutputBuffer}), as the offline tools do
   */
  PcapNgWriter(WritableByteChannel channel, int bufferSize, boolean asynchronous) {
    Objects.requireNonNull(channel, "channel");
    if (bufferSize < 64) {
      throw new IllegalArgumentException("buffer size " + bufferSize + " is less than 64");
    }
    this.out = new OutputBuffer(channel, bufferSize, ByteOrder.LITTLE_ENDIAN, asynchronous);
  }

  /** Byte order of the current section. */
  public ByteOrder byteOrder() {
    return out.order();
  }

  /** Interfaces declared in the current section, by id. */
  public List<CaptureInterface> interfaces() {
    return List.copyOf(interfaces);
  }

  /** Writes a block; a section header starts a new section in its byte order. */
  public void write(Block block) throws IOException {
    ensureOpen();
    switch (block) {
      case Block.SectionHeader header -> {
        out.order(header.byteOrder());
        begin(Block.SECTION_HEADER, 16 + optionsLength(header.options()));
        out.putInt(PcapNgReader.BYTE_ORDER_MAGIC);
        out.putShort(header.majorVersion());
        out.putShort(header.minorVersion());
        out.putLong(header.sectionLength());
        putOptions(header.options());
        end(16 + optionsLength(header.options()));
        interfaces.clear();
        inSection = true;
      }
      case Block.InterfaceDescription description -> {
        int body = 8 + optionsLength(description.options());
        begin(Block.INTERFACE_DESCRIPTION, body);
        out.putShort(description.linkType().value());
        out.putShort(0);
        out.putInt((int) description.snapLength());
        putOptions(description.options());
        end(body);
        declare(description);
      }
      case Block.EnhancedPacket epb -> {
        checkInterface(epb.interfaceId());
        writeEnhanced(
            epb.interfaceId(),
            epb.timestamp(),
            epb.originalLength(),
            ByteBuffer.wrap(epb.data()),
            0,
            epb.data().length,
            epb.options());
      }
      case Block.SimplePacket spb -> {
        checkInterface(0);
        int body = 4 + padded(spb.data().length);
        begin(Block.SIMPLE_PACKET, body);
        out.putInt((int) spb.originalLength());
        out.put(spb.data(), 0, spb.data().length);
        out.zeros(padded(spb.data().length) - spb.data().length);
        end(body);
      }
      case Block.ObsoletePacket pb -> {
        checkInterface(pb.interfaceId());
        int body = 20 + padded(pb.data().length) + optionsLength(pb.options());
        begin(Block.OBSOLETE_PACKET, body);
        out.putShort(pb.interfaceId());
        out.putShort(pb.dropsCount());
        out.putInt((int) (pb.timestamp() >>> 32));
        out.putInt((int) pb.timestamp());
        out.putInt(pb.data().length);
        out.putInt((int) pb.originalLength());
        out.put(pb.data(), 0, pb.data().length);
        out.zeros(padded(pb.data().length) - pb.data().length);
        putOptions(pb.options());
        end(body);
      }
      case Block.NameResolution nrb -> {
        int records = 4;
        for (Block.NameRecord record : nrb.records()) {
          records += 4 + padded(record.value().length);
        }
        int body = records + optionsLength(nrb.options());
        begin(Block.NAME_RESOLUTION, body);
        for (Block.NameRecord record : nrb.records()) {
          out.putShort(record.recordType());
          out.putShort(record.value().length);
          out.put(record.value(), 0, record.value().length);
          out.zeros(padded(record.value().length) - record.value().length);
        }
        out.putInt(0);
        putOptions(nrb.options());
        end(body);
      }
      case Block.InterfaceStatistics isb -> {
        checkInterface(isb.interfaceId());
        int body = 12 + optionsLength(isb.options());
        begin(Block.INTERFACE_STATISTICS, body);
        out.putInt(isb.interfaceId());
        out.putInt((int) (isb.timestamp() >>> 32));
        out.putInt((int) isb.timestamp());
        putOptions(isb.options());
        end(body);
      }
      case Block.Custom custom -> {
        int body = 4 + custom.body().length;
        begin(custom.type(), body);
        out.putInt(custom.enterpriseNumber());
        out.put(custom.body(), 0, custom.body().length);
        end(body);
      }
      case Block.Unknown unknown -> {
        begin(unknown.type(), unknown.body().length);
        out.put(unknown.body(), 0, unknown.body().length);
        end(unknown.body().length);
      }
    }
  }

  /**
   * Copies one block exactly as stored, such as {@link PcapNgReader#rawBlock()}. The block must be
   * in the current section's byte order unless it is a section header, which starts a section in
   * its own order; interface blocks are read so that later packets can refer to them.
   */
  public void writeRaw(ByteBuffer block) throws IOException {
    ensureOpen();
    int start = block.position();
    int length = block.remaining();
    if (length < 12 || length % 4 != 0) {
      throw new IllegalArgumentException("raw block of " + length + " bytes is malformed");
    }
    int type = intAt(block, start, out.order());
    if (type == Block.SECTION_HEADER) {
      int magic = intAt(block, start + 8, ByteOrder.BIG_ENDIAN);
      out.order(
          magic == PcapNgReader.BYTE_ORDER_MAGIC ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      interfaces.clear();
      inSection = true;
    } else if (!inSection) {
      throw new IllegalStateException("a section header must come first");
    }
    int declared = intAt(block, start + 4, out.order());
    if (declared != length) {
      throw new IllegalArgumentException(
          "raw block says " + declared + " bytes but holds " + length);
    }
    if (type == Block.INTERFACE_DESCRIPTION) {
      try {
        ByteBuffer ordered = block.duplicate().order(out.order());
        declare(
            (Block.InterfaceDescription)
                new BlockDecoder(ordered, start, length, 0).decode(Block.INTERFACE_DESCRIPTION));
      } catch (PcapFormatException e) {
        throw new IllegalArgumentException("raw interface block is malformed: " + e.getMessage());
      }
    }
    out.put(block, start, length);
  }

  private static int intAt(ByteBuffer buffer, int index, ByteOrder order) {
    int value = buffer.getInt(index);
    return buffer.order() == order ? value : Integer.reverseBytes(value);
  }

  /** Writes a packet as an Enhanced Packet Block of the interface it names. */
  @Override
  public void write(Packet packet) throws IOException {
    ensureOpen();
    CaptureInterface target = checkInterface(packet.interfaceId());
    writeEnhanced(
        packet.interfaceId(),
        units(target, packet.timestampNanos()),
        packet.originalLength(),
        ByteBuffer.wrap(packet.data()),
        0,
        packet.data().length,
        List.of());
  }

  /**
   * Writes an Enhanced Packet Block from part of a buffer, without allocating.
   *
   * @param timestampNanos converted to the interface's resolution and offset
   */
  public void writePacket(
      int interfaceId,
      long timestampNanos,
      long originalLength,
      ByteBuffer source,
      int offset,
      int length)
      throws IOException {
    ensureOpen();
    CaptureInterface target = checkInterface(interfaceId);
    writeEnhanced(
        interfaceId,
        units(target, timestampNanos),
        originalLength,
        source,
        offset,
        length,
        List.of());
  }

  /**
   * Writes an Enhanced Packet Block whose timestamp units and options bytes are copied as stored
   * from a block of the same byte order and interface parameters.
   */
  void writeEnhancedRaw(
      int interfaceId,
      long units,
      long originalLength,
      ByteBuffer source,
      int dataOffset,
      int length,
      int optionsOffset,
      int optionsLength)
      throws IOException {
    ensureOpen();
    checkInterface(interfaceId);
    int body = 20 + padded(length) + optionsLength;
    begin(Block.ENHANCED_PACKET, body);
    out.putInt(interfaceId);
    out.putInt((int) (units >>> 32));
    out.putInt((int) units);
    out.putInt(length);
    out.putInt((int) originalLength);
    out.put(source, dataOffset, length);
    out.zeros(padded(length) - length);
    out.put(source, optionsOffset, optionsLength);
    end(body);
  }

  private static long units(CaptureInterface target, long timestampNanos) {
    long nanos = timestampNanos - target.offsetSeconds() * NANOS_PER_SECOND;
    return target.resolution().fromNanosFast(nanos);
  }

  private void writeEnhanced(
      int interfaceId,
      long units,
      long originalLength,
      ByteBuffer source,
      int offset,
      int length,
      List<Option> options)
      throws IOException {
    if (originalLength < 0 || originalLength > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "original length " + originalLength + " is outside 0..4294967295");
    }
    int body = 20 + padded(length) + optionsLength(options);
    begin(Block.ENHANCED_PACKET, body);
    out.ensure(20);
    out.putInt(interfaceId);
    out.putInt((int) (units >>> 32));
    out.putInt((int) units);
    out.putInt(length);
    out.putInt((int) originalLength);
    out.put(source, offset, length);
    out.zeros(padded(length) - length);
    putOptions(options);
    end(body);
  }

  private void declare(Block.InterfaceDescription description) {
    interfaces.add(
        new CaptureInterface(
            interfaces.size(),
            0,
            interfaces.size(),
            description.linkType(),
            description.snapLength(),
            description.resolution(),
            description.offsetSeconds(out.order()),
            description.name()));
  }

  private CaptureInterface checkInterface(int id) {
    if (!inSection) {
      throw new IllegalStateException("a section header must come first");
    }
    if (id < 0 || id >= interfaces.size()) {
      throw new IllegalArgumentException(
          "interface " + id + " is not declared; the section has " + interfaces.size());
    }
    return interfaces.get(id);
  }

  private void begin(int type, int bodyLength) throws IOException {
    if (type != Block.SECTION_HEADER && !inSection) {
      throw new IllegalStateException("a section header must come first");
    }
    long total = 12L + bodyLength;
    if (total > Integer.MAX_VALUE - 3) {
      throw new IllegalArgumentException("block of " + total + " bytes is too large");
    }
    out.ensure(8);
    out.putInt(type);
    out.putInt(12 + bodyLength);
  }

  private void end(int bodyLength) throws IOException {
    out.putInt(12 + bodyLength);
  }

  private static int optionsLength(List<Option> options) {
    int length = 0;
    for (Option option : options) {
      length += 4 + padded(option.length());
    }
    return length;
  }

  private void putOptions(List<Option> options) throws IOException {
    for (Option option : options) {
      byte[] value = option.valueUnsafe();
      out.putShort(option.code().value());
      out.putShort(value.length);
      out.put(value, 0, value.length);
      out.zeros(padded(value.length) - value.length);
    }
  }

  static int padded(int length) {
    return (length + 3) & ~3;
  }

  /** Bytes of the file so far, whether or not they were flushed. */
  public long bytesWritten() {
    return out.bytesWritten();
  }

  @Override
  public void flush() throws IOException {
    ensureOpen();
    out.drain();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("pcapng writer is closed");
    }
  }

  /** Flushes and closes the channel. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    out.close();
  }
}
