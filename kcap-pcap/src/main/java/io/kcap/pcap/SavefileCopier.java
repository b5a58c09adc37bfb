package io.kcap.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Copies a pcap file to a pcap file exactly as {@code tcpdump -r IN -w OUT [EXPR]} does (libpcap
 * 1.10 {@code sf-pcap.c}: {@code pcap_check_header}, {@code pcap_next_packet}, {@code
 * pcap_dump_open}, {@code pcap_dump}).
 *
 * <p>What libpcap changes on the way: the header is rewritten in host byte order as version 2.4
 * with zero {@code thiszone}/{@code sigfigs}, a snap length of 0 or above 2^31-1 becomes the link
 * type's maximum, five link-type numbers are normalised ({@link LinkType#fromDlt}), stamps are
 * scaled to the requested precision (field arithmetic modulo 2^32, as in C), swapped lengths of old
 * versions are put back, and records longer than the snap length are cut to it.
 *
 * <p>The speed comes from working on whole read buffers: consecutive kept records are written as
 * one run straight from the read buffer, so copying a file costs one read and one write system call
 * per megabyte and no per-packet copy. Headers that libpcap would change are rewritten in place.
 */
final class SavefileCopier {
  private static final long UNSIGNED_INT = 0xFFFF_FFFFL;
  private static final int HEADER = PcapReader.RECORD_HEADER_LENGTH;

  private final PcapReader reader;
  private final OutputBuffer out;
  private final PcapHeader in;
  private final ByteOrder outputOrder;
  private final boolean nanosecondOutput;
  private final long startNanos;
  private final long endNanos;
  private final PacketPredicate predicate;
  private final int maxRecordLength;
  private long packetsRead;
  private long packetsWritten;

  SavefileCopier(
      PcapReader reader,
      WritableByteChannel channel,
      int bufferSize,
      boolean nanosecondOutput,
      long startNanos,
      long endNanos,
      PacketPredicate predicate,
      int maxRecordLength) {
    this.reader = reader;
    this.in = reader.header();
    this.outputOrder = ByteOrder.nativeOrder();
    this.out = new OutputBuffer(channel, bufferSize, outputOrder, true);
    this.nanosecondOutput = nanosecondOutput;
    this.startNanos = startNanos;
    this.endNanos = endNanos;
    this.predicate = predicate;
    this.maxRecordLength = maxRecordLength;
  }

  /** libpcap's {@code max_snaplen_for_dlt}. */
  static long maxSnapLength(int dlt) {
    return switch (dlt) {
      case 231 -> 128L * 1024 * 1024; // DBUS
      case 279 -> 8L * 1024 * 1024; // EBHSCR
      case 249 -> 1024L * 1024; // USBPCAP
      default -> 262144;
    };
  }

  /** libpcap's {@code pcap_adjust_snapshot}. */
  static long adjustedSnapLength(int dlt, long snapLength) {
    return snapLength == 0 || snapLength > Integer.MAX_VALUE ? maxSnapLength(dlt) : snapLength;
  }

  /** The link type field libpcap writes for the one it read (26 bits of type, 6 of extension). */
  static int writtenLinkTypeField(int field) {
    int type = field & 0x03FF_FFFF;
    int mapped = type <= 0xFFFF ? LinkType.fromDlt(type).value() : type;
    return mapped | (field & 0xFC00_0000);
  }

  long[] run() throws IOException {
    int field = in.linkTypeField();
    int dlt = field & 0x03FF_FFFF;
    long snapshot = adjustedSnapLength(dlt, in.snapLength());
    long maxCaptured = Math.min(maxSnapLength(dlt), maxRecordLength);
    out.putInt(
        (nanosecondOutput ? TimestampPrecision.NANOSECONDS : TimestampPrecision.MICROSECONDS)
            .magic());
    out.putShort(2);
    out.putShort(4);
    out.putInt(0);
    out.putInt(0);
    out.putInt((int) snapshot);
    out.putInt(writtenLinkTypeField(field));

    boolean fileNanos = in.precision() == TimestampPrecision.NANOSECONDS;
    boolean scaleDown = fileNanos && !nanosecondOutput;
    boolean scaleUp = !fileNanos && nanosecondOutput;
    long nanosPerUnit = in.precision().nanosPerUnit();
    boolean reorder = in.byteOrder() != outputOrder;
    boolean swapped = in.lengthsSwapped();
    boolean maybeSwapped = in.lengthsMaybeSwapped();
    boolean windowed = startNanos != Long.MIN_VALUE || endNanos != Long.MAX_VALUE;
    boolean filtered = predicate != null;

    ChannelInput input = reader.input();
    int need = HEADER;
    while (true) {
      int got = input.require(need);
      if (got < need) {
        if (got == 0 && need == HEADER) {
          break;
        }
        throw truncated(input, got, need);
      }
      ByteBuffer b = input.buffer();
      int first = input.position();
      int limit = first + input.buffered();
      int cursor = first;
      int runStart = -1;
      int runEnd = -1;
      need = HEADER;
      while (limit - cursor >= HEADER) {
        long captured = b.getInt(cursor + 8) & UNSIGNED_INT;
        long original = b.getInt(cursor + 12) & UNSIGNED_INT;
        boolean lengthsChanged = swapped || (maybeSwapped && captured > original);
        if (lengthsChanged) {
          long swap = captured;
          captured = original;
          original = swap;
        }
        if (captured > maxCaptured) {
          emit(b, runStart, runEnd);
          input.skip(cursor - first);
          throw new PcapFormatException(
              input.offset(),
              "record captured length "
                  + captured
                  + " exceeds "
                  + maxCaptured
                  + ", the most a "
                  + in.linkType()
                  + " record may hold");
        }
        int length = HEADER + (int) captured;
        if (limit - cursor < length) {
          need = length;
          break;
        }
        packetsRead++;
        int kept = captured > snapshot ? (int) snapshot : (int) captured;
        boolean keep = true;
        if (windowed) {
          long seconds = b.getInt(cursor) & UNSIGNED_INT;
          long fraction = b.getInt(cursor + 4) & UNSIGNED_INT;
          long nanos = seconds * 1_000_000_000L + fraction * nanosPerUnit;
          keep = nanos >= startNanos && nanos < endNanos;
        }
        if (keep && filtered) {
          keep = predicate.test(b, cursor + HEADER, kept, original);
        }
        if (keep) {
          packetsWritten++;
          if (reorder || scaleDown || scaleUp || lengthsChanged || kept != captured) {
            int seconds = b.getInt(cursor);
            int fraction = b.getInt(cursor + 4);
            if (scaleDown) {
              fraction = (int) ((fraction & UNSIGNED_INT) / 1000);
            } else if (scaleUp) {
              fraction = fraction * 1000;
            }
            putInt(b, cursor, seconds);
            putInt(b, cursor + 4, fraction);
            putInt(b, cursor + 8, kept);
            putInt(b, cursor + 12, (int) original);
          }
          int end = cursor + HEADER + kept;
          if (runEnd == cursor) {
            runEnd = end;
          } else {
            emit(b, runStart, runEnd);
            runStart = cursor;
            runEnd = end;
          }
        }
        cursor += length;
      }
      emit(b, runStart, runEnd);
      input.skip(cursor - first);
    }
    return new long[] {packetsRead, packetsWritten};
  }

  private PcapFormatException truncated(ChannelInput input, int got, int need) {
    if (need == HEADER) {
      return new PcapFormatException(
          input.offset(),
          "truncated record header: "
              + got
              + " of "
              + HEADER
              + " bytes before the end of the file");
    }
    return new PcapFormatException(
        input.offset(),
        "truncated record: captured length "
            + (need - HEADER)
            + " but only "
            + (got - HEADER)
            + " bytes before the end of the file");
  }

  /** Writes an int in the output's byte order into the read buffer, whatever its order. */
  private void putInt(ByteBuffer b, int index, int value) {
    b.putInt(index, b.order() == outputOrder ? value : Integer.reverseBytes(value));
  }

  private void emit(ByteBuffer b, int start, int end) throws IOException {
    if (end > start) {
      out.put(b, start, end - start);
    }
  }

  void finish() throws IOException {
    out.drain();
  }

  void close() throws IOException {
    out.close();
  }
}
