package io.kcap.capture;

import io.kcap.pcap.LinkType;
import java.util.Objects;

/**
 * What a sink needs to know before the first packet: where the packets come from and their
 * link-layer type (a pcap file header and a pcapng interface block are made from it).
 *
 * @param interfaceName the interface as named in its namespace
 * @param description a human description of the capture point (pcapng {@code if_description}),
 *     empty when there is none
 * @param linkType the link-layer header of every packet
 * @param snapLength the longest captured length any packet can have
 */
public record CaptureInfo(
    String interfaceName, String description, LinkType linkType, int snapLength) {
  public CaptureInfo {
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(linkType, "linkType");
    if (snapLength < 1) {
      throw new IllegalArgumentException("snap length " + snapLength + " is below 1");
    }
  }
}
