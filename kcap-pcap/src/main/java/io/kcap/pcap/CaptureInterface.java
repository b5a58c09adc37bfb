package io.kcap.pcap;

import java.util.Objects;

/**
 * An interface packets were captured on: the pcap file itself, or one pcapng Interface Description
 * Block.
 *
 * @param index position among all interfaces of the file, across sections, in order of appearance
 * @param section index of the pcapng section that declared it (0 for pcap)
 * @param id interface id within its section, as packets refer to it
 * @param linkType link-layer header type of its packets
 * @param snapLength maximum captured length (0: unlimited in pcapng)
 * @param resolution unit of its packets' timestamps
 * @param offsetSeconds {@code if_tsoffset}: seconds added to every timestamp (0 for pcap)
 * @param name {@code if_name}, empty when absent
 */
public record CaptureInterface(
    int index,
    int section,
    int id,
    LinkType linkType,
    long snapLength,
    TimestampResolution resolution,
    long offsetSeconds,
    String name) {

  public CaptureInterface {
    Objects.requireNonNull(linkType, "linkType");
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(name, "name");
  }
}
