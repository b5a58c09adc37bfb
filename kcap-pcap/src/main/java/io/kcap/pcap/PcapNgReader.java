package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pcapng file block by block ({@link #nextBlock()}, {@link #block()}, {@link #rawBlock()})
 * or packet by packet ({@link #next()}): both byte orders, several sections, {@code if_tsresol} in
 * powers of 10 and of 2, {@code if_tsoffset}.
 *
 * <p>Blocks are validated as they are reached: lengths (a multiple of 4, at least 12, at most the
 * reader's limit, equal in header and trailer), the fixed part of every known block, interface
 * references and option lists. Options of packet blocks are only parsed by {@link #block()}, so the
 * packet path stays allocation-free.
 */
public final class PcapNgReader implements CaptureReader {
  static final int SECTION_HEADER_TYPE = Block.SECTION_HEADER;
  static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  static final int MIN_BLOCK_LENGTH = 12;
  private static final int MIN_SECTION_HEADER_LENGTH = 28;
  private static final long UNSIGNED_INT = 0xFFFF_FFFFL;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final ChannelInput in;
  private final int maxBlockLength;
  private final List<CaptureInterface> interfaces = new ArrayList<>();
  private final List<CaptureInterface> sectionInterfaces = new ArrayList<>();
  private final List<Block.InterfaceDescription> descriptions = new ArrayList<>();
  private final List<ByteOrder> descriptionOrders = new ArrayList<>();
  private int sectionIndex = -1;
  private Block.SectionHeader sectionHeader;
  private ByteBuffer view;
  private ByteBuffer viewSource;

  private boolean current;
  private int blockIndex;
  private int blockLength;
  private int blockType;
  private long blockOffset;

  private boolean packet;
  private boolean packetHasTimestamp;
  private long packetUnits;
  private int packetInterfaceId;
  private CaptureInterface packetInterface;
  private int capturedLength;
  private long originalLength;
  private int dataIndex;

  private PcapNgReader(ChannelInput in, int maxBlockLength) {
    this.in = in;
    this.maxBlockLength = maxBlockLength;
  }

  /** Reads the first section header from a channel. */
  public static PcapNgReader open(ReadableByteChannel channel) throws IOException {
    if (CaptureReader.open(channel) instanceof PcapNgReader reader) {
      return reader;
    }
    channel.close();
    throw new PcapFormatException(0, "a classic pcap file, not a pcapng file");
  }

  static PcapNgReader start(ChannelInput in, int maxBlockLength) throws IOException {
    PcapNgReader reader = new PcapNgReader(in, Math.max(maxBlockLength, MIN_SECTION_HEADER_LENGTH));
    reader.nextBlock();
    return reader;
  }

  @Override
  public CaptureFormat format() {
    return CaptureFormat.PCAPNG;
  }

  @Override
  public ByteOrder byteOrder() {
    return in.order();
  }

  /** The header of the current section. */
  public Block.SectionHeader sectionHeader() {
    return sectionHeader;
  }

  /** Index of the current section, from 0. */
  public int sectionIndex() {
    return sectionIndex;
  }

  /** Interfaces of the current section so far, by interface id. */
  public List<CaptureInterface> sectionInterfaces() {
    return List.copyOf(sectionInterfaces);
  }

  @Override
  public List<CaptureInterface> interfaces() {
    return List.copyOf(interfaces);
  }

  /**
   * The Interface Description Block of an interface, by its {@link CaptureInterface#index()}.
   * Option values are in the byte order of the section that declared it.
   */
  public Block.InterfaceDescription interfaceDescription(int index) {
    return descriptions.get(index);
  }

  /** Byte order of the section that declared an interface, by its index. */
  public ByteOrder interfaceByteOrder(int index) {
    return descriptionOrders.get(index);
  }

  /** Buffer index of the current packet block's options, after its padded data. */
  int optionsIndex() {
    return dataIndex + (int) padded(capturedLength);
  }

  /** Buffer index after the current block's options, where its trailer starts. */
  int trailerIndex() {
    return blockIndex + blockLength - 4;
  }

  /**
   * Moves to the next block of any type. The first block, the section header, is current right
   * after opening; this moves past it.
   *
   * @return false at the end of the file
   */
  public boolean nextBlock() throws IOException {
    if (current) {
      in.skip(blockLength);
      current = false;
      packet = false;
    }
    int available = in.require(8);
    if (available == 0) {
      return false;
    }
    long offset = in.offset();
    if (available < 8) {
      throw new PcapFormatException(
          offset,
          "truncated block header: " + available + " of 8 bytes before the end of the file");
    }
    ByteBuffer b = in.buffer();
    int p = in.position();
    int type = b.getInt(p);
    if (type == SECTION_HEADER_TYPE) {
      available = in.require(12);
      if (available < 12) {
        throw new PcapFormatException(
            offset, "truncated section header: " + available + " bytes before the end of the file");
      }
      b = in.buffer();
      p = in.position();
      int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(p + 8);
      if (magic == BYTE_ORDER_MAGIC) {
        in.order(ByteOrder.BIG_ENDIAN);
      } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
        in.order(ByteOrder.LITTLE_ENDIAN);
      } else {
        throw new PcapFormatException(
            offset + 8, String.format("bad section byte-order magic 0x%08x", magic));
      }
    } else if (sectionHeader == null) {
      throw new PcapFormatException(
          offset, String.format("block type 0x%08x before the first section header", type));
    }
    long length = b.getInt(p + 4) & UNSIGNED_INT;
    if (length < MIN_BLOCK_LENGTH) {
      throw new PcapFormatException(
          offset + 4, "block length " + length + " is less than the minimum " + MIN_BLOCK_LENGTH);
    }
    if (length % 4 != 0) {
      throw new PcapFormatException(
          offset + 4, "block length " + length + " is not a multiple of 4");
    }
    if (length > maxBlockLength) {
      throw new PcapFormatException(
          offset + 4, "block length " + length + " exceeds the limit of " + maxBlockLength);
    }
    available = in.require((int) length);
    if (available < length) {
      throw new PcapFormatException(
          offset,
          String.format(
              "truncated block: type 0x%08x of %d bytes, only %d before the end of the file",
              type, length, available));
    }
    b = in.buffer();
    p = in.position();
    long trailer = b.getInt(p + (int) length - 4) & UNSIGNED_INT;
    if (trailer != length) {
      throw new PcapFormatException(
          offset + length - 4,
          "block trailer length " + trailer + " does not match the header length " + length);
    }
    blockIndex = p;
    blockLength = (int) length;
    blockType = type;
    blockOffset = offset;
    current = true;
    interpret();
    return true;
  }

  /** Reads what later blocks depend on: sections, interfaces, packet fields. */
  private void interpret() throws PcapFormatException {
    switch (blockType) {
      case Block.SECTION_HEADER -> {
        Block.SectionHeader header = (Block.SectionHeader) block();
        if (header.majorVersion() != 1) {
          throw new PcapFormatException(
              blockOffset + 12,
              "unsupported pcapng version "
                  + header.majorVersion()
                  + "."
                  + header.minorVersion()
                  + "; expected 1.x");
        }
        sectionHeader = header;
        sectionIndex++;
        sectionInterfaces.clear();
      }
      case Block.INTERFACE_DESCRIPTION -> {
        Block.InterfaceDescription description = (Block.InterfaceDescription) block();
        TimestampResolution resolution;
        try {
          resolution = description.resolution();
        } catch (IllegalArgumentException e) {
          throw new PcapFormatException(blockOffset, "interface " + e.getMessage());
        }
        CaptureInterface captureInterface =
            new CaptureInterface(
                interfaces.size(),
                sectionIndex,
                sectionInterfaces.size(),
                description.linkType(),
                description.snapLength(),
                resolution,
                description.offsetSeconds(in.order()),
                description.name());
        interfaces.add(captureInterface);
        sectionInterfaces.add(captureInterface);
        descriptions.add(description);
        descriptionOrders.add(in.order());
      }
      case Block.ENHANCED_PACKET -> readEnhancedPacket();
      case Block.SIMPLE_PACKET -> readSimplePacket();
      case Block.OBSOLETE_PACKET -> readObsoletePacket();
      default -> {}
    }
  }

  private void readEnhancedPacket() throws PcapFormatException {
    ByteBuffer b = in.buffer();
    int body = blockIndex + 8;
    requireBody(20, "enhanced packet");
    long interfaceId = b.getInt(body) & UNSIGNED_INT;
    long captured = b.getInt(body + 12) & UNSIGNED_INT;
    long original = b.getInt(body + 16) & UNSIGNED_INT;
    checkCaptured(captured, 20);
    packetInterface = sectionInterface(interfaceId);
    packetInterfaceId = (int) interfaceId;
    packetUnits = (b.getInt(body + 4) & UNSIGNED_INT) << 32 | (b.getInt(body + 8) & UNSIGNED_INT);
    packetHasTimestamp = true;
    capturedLength = (int) captured;
    originalLength = original;
    dataIndex = body + 20;
    packet = true;
  }

  private void readObsoletePacket() throws PcapFormatException {
    ByteBuffer b = in.buffer();
    int body = blockIndex + 8;
    requireBody(20, "packet");
    int interfaceId = Short.toUnsignedInt(b.getShort(body));
    long captured = b.getInt(body + 12) & UNSIGNED_INT;
    long original = b.getInt(body + 16) & UNSIGNED_INT;
    checkCaptured(captured, 20);
    packetInterface = sectionInterface(interfaceId);
    packetInterfaceId = interfaceId;
    packetUnits = (b.getInt(body + 4) & UNSIGNED_INT) << 32 | (b.getInt(body + 8) & UNSIGNED_INT);
    packetHasTimestamp = true;
    capturedLength = (int) captured;
    originalLength = original;
    dataIndex = body + 20;
    packet = true;
  }

  private void readSimplePacket() throws PcapFormatException {
    requireBody(4, "simple packet");
    CaptureInterface first = sectionInterface(0);
    long original = in.buffer().getInt(blockIndex + 8) & UNSIGNED_INT;
    // The captured length is implied: the original length cut at the snap length (section 4.4).
    long captured = original;
    if (first.snapLength() != 0 && captured > first.snapLength()) {
      captured = first.snapLength();
    }
    checkCaptured(captured, 4);
    packetInterface = first;
    packetInterfaceId = 0;
    packetHasTimestamp = false;
    packetUnits = 0;
    capturedLength = (int) captured;
    originalLength = original;
    dataIndex = blockIndex + 12;
    packet = true;
  }

  private void requireBody(int fixed, String what) throws PcapFormatException {
    if (blockLength - 12 < fixed) {
      throw new PcapFormatException(
          blockOffset + 4,
          what + " block of " + blockLength + " bytes is shorter than its fixed part");
    }
  }

  private void checkCaptured(long captured, int fixed) throws PcapFormatException {
    long room = blockLength - 12L - fixed;
    if (padded(captured) > room) {
      throw new PcapFormatException(
          blockOffset + 4,
          "captured length " + captured + " does not fit a block of " + blockLength + " bytes");
    }
  }

  private CaptureInterface sectionInterface(long id) throws PcapFormatException {
    if (id >= sectionInterfaces.size()) {
      throw new PcapFormatException(
          blockOffset + 8,
          "packet refers to interface "
              + id
              + " but the section has declared "
              + sectionInterfaces.size());
    }
    return sectionInterfaces.get((int) id);
  }

  static long padded(long length) {
    return (length + 3) & ~3L;
  }

  /** Type of the current block. */
  public int blockType() {
    return blockType;
  }

  /** Byte offset in the file of the current block. */
  public long blockOffset() {
    return blockOffset;
  }

  /** Total length of the current block, header and trailer included. */
  public int blockLength() {
    return blockLength;
  }

  /** Whether the current block is a packet (enhanced, simple or obsolete packet block). */
  public boolean isPacket() {
    return packet;
  }

  /**
   * The current block's bytes exactly as stored (in the section's byte order), as a read-only
   * buffer valid until the next move.
   */
  public ByteBuffer rawBlock() {
    return buffer().slice(blockIndex, blockLength).order(in.order());
  }

  /** Parses the current block. */
  public Block block() throws PcapFormatException {
    BlockDecoder decoder = new BlockDecoder(in.buffer(), blockIndex, blockLength, blockOffset);
    if (blockType == Block.SIMPLE_PACKET) {
      return decoder.simplePacket(capturedLength);
    }
    return decoder.decode(blockType);
  }

  @Override
  public boolean next() throws IOException {
    while (nextBlock()) {
      if (packet) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long timestampNanos() {
    long nanos = packetInterface.resolution().toNanos(packetUnits);
    long offset = packetInterface.offsetSeconds();
    if (offset == 0) {
      return nanos;
    }
    long offsetNanos;
    if (offset > Long.MAX_VALUE / NANOS_PER_SECOND) {
      offsetNanos = Long.MAX_VALUE;
    } else if (offset < Long.MIN_VALUE / NANOS_PER_SECOND) {
      offsetNanos = Long.MIN_VALUE;
    } else {
      offsetNanos = offset * NANOS_PER_SECOND;
    }
    return TimestampResolution.saturatedAdd(nanos, offsetNanos);
  }

  /** The timestamp of the current packet in its interface's units, as stored. */
  public long timestampUnits() {
    return packetUnits;
  }

  @Override
  public boolean hasTimestamp() {
    return packetHasTimestamp;
  }

  @Override
  public int capturedLength() {
    return capturedLength;
  }

  @Override
  public long originalLength() {
    return originalLength;
  }

  @Override
  public int interfaceId() {
    return packetInterfaceId;
  }

  @Override
  public CaptureInterface captureInterface() {
    return packetInterface;
  }

  @Override
  public ByteBuffer buffer() {
    ByteBuffer source = in.buffer();
    if (viewSource != source) {
      view = source.asReadOnlyBuffer();
      viewSource = source;
    }
    return view.order(source.order());
  }

  @Override
  public int dataOffset() {
    return dataIndex;
  }

  @Override
  public long recordOffset() {
    return blockOffset;
  }

  @Override
  public long offset() {
    return current ? blockOffset + blockLength : in.offset();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
