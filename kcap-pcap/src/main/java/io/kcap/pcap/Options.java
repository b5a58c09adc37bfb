package io.kcap.pcap;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Moving options between sections of different byte order. */
final class Options {
  private Options() {}

  /**
   * The options with the numbers kcap knows converted from one byte order to the other. Values of
   * other codes are bytes or text and are copied; unknown codes are copied too, as Wireshark does.
   */
  static List<Option> reorder(int blockType, List<Option> options, ByteOrder from, ByteOrder to) {
    if (from == to) {
      return options;
    }
    List<Option> converted = new ArrayList<>(options.size());
    for (Option option : options) {
      int width = numberWidth(blockType, option.code().value());
      byte[] value = option.value();
      if (width != 0 && value.length == width) {
        for (int i = 0; i < width / 2; i++) {
          byte swap = value[i];
          value[i] = value[width - 1 - i];
          value[width - 1 - i] = swap;
        }
      }
      converted.add(new Option(option.code(), value));
    }
    return converted;
  }

  /** Width of the number an option holds, or 0 when it holds bytes or text. */
  private static int numberWidth(int blockType, int code) {
    return switch (blockType) {
      case Block.INTERFACE_DESCRIPTION ->
          switch (code) {
            case 8, 14, 16, 17 -> 8; // if_speed, if_tsoffset, if_txspeed, if_rxspeed
            case 10 -> 4; // if_tzone
            default -> 0;
          };
      case Block.ENHANCED_PACKET, Block.OBSOLETE_PACKET ->
          switch (code) {
            case 2, 6 -> 4; // epb_flags, epb_queue
            case 4, 5 -> 8; // epb_dropcount, epb_packetid
            default -> 0;
          };
      case Block.INTERFACE_STATISTICS -> code >= 4 && code <= 8 ? 8 : 0; // isb counters
      default -> 0;
    };
  }
}
