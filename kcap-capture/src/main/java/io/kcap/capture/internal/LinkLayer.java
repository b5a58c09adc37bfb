package io.kcap.capture.internal;

import io.kcap.capture.CaptureException;
import io.kcap.pcap.LinkType;

/**
 * How an interface's hardware type maps to a capture file's link type, as libpcap maps it.
 *
 * @param linkType the link type of the captured bytes
 * @param vlanTagOffset where libpcap reinserts a VLAN tag the kernel took out (after the two MAC
 *     addresses), or -1 when the link layer has no such place
 * @param loopback whether every packet is seen twice, going out and coming in
 */
record LinkLayer(LinkType linkType, int vlanTagOffset, boolean loopback) {

  static LinkLayer forHardwareType(int arphrd, String interfaceName) {
    return switch (arphrd) {
      case Abi.ARPHRD_ETHER -> new LinkLayer(LinkType.ETHERNET, 12, false);
      case Abi.ARPHRD_LOOPBACK -> new LinkLayer(LinkType.ETHERNET, 12, true);
      case Abi.ARPHRD_NONE -> new LinkLayer(LinkType.RAW, -1, false);
      default ->
          throw new CaptureException(
              "interface "
                  + interfaceName
                  + " has hardware type "
                  + arphrd
                  + "; kcap captures Ethernet, loopback and raw-IP (ARPHRD_NONE) interfaces");
    };
  }
}
