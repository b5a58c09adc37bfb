package io.kcap.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/** Builds capture files field by field for tests, in a chosen byte order. */
final class FileBytes {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ByteOrder order;

  FileBytes(ByteOrder order) {
    this.order = order;
  }

  static FileBytes le() {
    return new FileBytes(ByteOrder.LITTLE_ENDIAN);
  }

  static FileBytes be() {
    return new FileBytes(ByteOrder.BIG_ENDIAN);
  }

  FileBytes u8(int value) {
    bytes.write(value);
    return this;
  }

  FileBytes u16(int value) {
    bytes.writeBytes(ByteBuffer.allocate(2).order(order).putShort((short) value).array());
    return this;
  }

  FileBytes u32(long value) {
    bytes.writeBytes(ByteBuffer.allocate(4).order(order).putInt((int) value).array());
    return this;
  }

  FileBytes u64(long value) {
    bytes.writeBytes(ByteBuffer.allocate(8).order(order).putLong(value).array());
    return this;
  }

  FileBytes bytes(byte... values) {
    bytes.writeBytes(values);
    return this;
  }

  FileBytes bytes(FileBytes other) {
    bytes.writeBytes(other.toByteArray());
    return this;
  }

  /** Bytes 0, 1, 2, ... of the given count: recognisable packet data. */
  FileBytes counting(int count) {
    for (int i = 0; i < count; i++) {
      bytes.write(i);
    }
    return this;
  }

  FileBytes zeros(int count) {
    bytes.writeBytes(new byte[count]);
    return this;
  }

  /** A pcap file header. */
  FileBytes pcapHeader(int magic, int major, int minor, long snapLength, long linkTypeField) {
    return u32(magic).u16(major).u16(minor).u32(0).u32(0).u32(snapLength).u32(linkTypeField);
  }

  /** A pcap record with {@code captured} counting bytes. */
  FileBytes record(long seconds, long fraction, int captured, long original) {
    return u32(seconds).u32(fraction).u32(captured).u32(original).counting(captured);
  }

  /** A pcapng block of any type around the given body (which must be padded). */
  FileBytes block(int type, FileBytes body) {
    int length = 12 + body.size();
    return u32(type).u32(length).bytes(body).u32(length);
  }

  /** A pcapng option with its value padded to 4 bytes. */
  FileBytes option(int code, byte[] value) {
    u16(code).u16(value.length).bytes(value);
    return zeros((4 - value.length % 4) % 4);
  }

  FileBytes option(int code, String value) {
    return option(code, value.getBytes(StandardCharsets.UTF_8));
  }

  FileBytes endOfOptions() {
    return u32(0);
  }

  /** A section header block of version 1.0 with an unknown length. */
  FileBytes sectionHeader(FileBytes options) {
    return block(
        Block.SECTION_HEADER,
        new FileBytes(order).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1).bytes(options));
  }

  FileBytes interfaceDescription(int linkType, long snapLength, FileBytes options) {
    return block(
        Block.INTERFACE_DESCRIPTION,
        new FileBytes(order).u16(linkType).u16(0).u32(snapLength).bytes(options));
  }

  FileBytes enhancedPacket(
      int interfaceId, long timestamp, int captured, long original, FileBytes options) {
    FileBytes body =
        new FileBytes(order)
            .u32(interfaceId)
            .u32(timestamp >>> 32)
            .u32(timestamp)
            .u32(captured)
            .u32(original)
            .counting(captured)
            .zeros((4 - captured % 4) % 4)
            .bytes(options);
    return block(Block.ENHANCED_PACKET, body);
  }

  FileBytes empty() {
    return new FileBytes(order);
  }

  int size() {
    return bytes.size();
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }

  ReadableByteChannel channel() {
    return Channels.newChannel(new java.io.ByteArrayInputStream(toByteArray()));
  }
}
