package io.kcap.pcap;

/**
 * The code of a pcapng option (draft-ietf-opsawg-pcapng, section 3.5 and the block sections).
 *
 * <p>An open value: codes kcap does not name are kept and written back unchanged. Codes from 2 up
 * mean different things in different block types, so several constants share a value.
 */
public record OptionCode(int value) {
  public static final OptionCode END_OF_OPTIONS = new OptionCode(0);
  public static final OptionCode COMMENT = new OptionCode(1);
  public static final OptionCode CUSTOM_UTF8 = new OptionCode(2988);
  public static final OptionCode CUSTOM_BINARY = new OptionCode(2989);
  public static final OptionCode CUSTOM_UTF8_NO_COPY = new OptionCode(19372);
  public static final OptionCode CUSTOM_BINARY_NO_COPY = new OptionCode(19373);

  public static final OptionCode SHB_HARDWARE = new OptionCode(2);
  public static final OptionCode SHB_OS = new OptionCode(3);
  public static final OptionCode SHB_USER_APPLICATION = new OptionCode(4);

  public static final OptionCode IF_NAME = new OptionCode(2);
  public static final OptionCode IF_DESCRIPTION = new OptionCode(3);
  public static final OptionCode IF_IPV4_ADDRESS = new OptionCode(4);
  public static final OptionCode IF_IPV6_ADDRESS = new OptionCode(5);
  public static final OptionCode IF_MAC_ADDRESS = new OptionCode(6);
  public static final OptionCode IF_EUI_ADDRESS = new OptionCode(7);
  public static final OptionCode IF_SPEED = new OptionCode(8);
  public static final OptionCode IF_TSRESOL = new OptionCode(9);
  public static final OptionCode IF_TZONE = new OptionCode(10);
  public static final OptionCode IF_FILTER = new OptionCode(11);
  public static final OptionCode IF_OS = new OptionCode(12);
  public static final OptionCode IF_FCSLEN = new OptionCode(13);
  public static final OptionCode IF_TSOFFSET = new OptionCode(14);
  public static final OptionCode IF_HARDWARE = new OptionCode(15);
  public static final OptionCode IF_TXSPEED = new OptionCode(16);
  public static final OptionCode IF_RXSPEED = new OptionCode(17);

  public static final OptionCode EPB_FLAGS = new OptionCode(2);
  public static final OptionCode EPB_HASH = new OptionCode(3);
  public static final OptionCode EPB_DROPCOUNT = new OptionCode(4);
  public static final OptionCode EPB_PACKETID = new OptionCode(5);
  public static final OptionCode EPB_QUEUE = new OptionCode(6);
  public static final OptionCode EPB_VERDICT = new OptionCode(7);

  public static final OptionCode NS_DNS_NAME = new OptionCode(2);
  public static final OptionCode NS_DNS_IPV4_ADDRESS = new OptionCode(3);
  public static final OptionCode NS_DNS_IPV6_ADDRESS = new OptionCode(4);

  public static final OptionCode ISB_STARTTIME = new OptionCode(2);
  public static final OptionCode ISB_ENDTIME = new OptionCode(3);
  public static final OptionCode ISB_IFRECV = new OptionCode(4);
  public static final OptionCode ISB_IFDROP = new OptionCode(5);
  public static final OptionCode ISB_FILTERACCEPT = new OptionCode(6);
  public static final OptionCode ISB_OSDROP = new OptionCode(7);
  public static final OptionCode ISB_USRDELIV = new OptionCode(8);

  public OptionCode {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException("option code " + value + " is outside 0..65535");
    }
  }

  @Override
  public String toString() {
    return Integer.toString(value);
  }
}
