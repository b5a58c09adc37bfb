package io.kcap.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The file format a capture writes ({@code spec.format}); pcap when absent. */
public enum CaptureFormat {
  @JsonProperty("pcap")
  PCAP("pcap"),
  @JsonProperty("pcapng")
  PCAPNG("pcapng");

  private final String wireName;

  CaptureFormat(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling in a manifest. */
  public String wireName() {
    return wireName;
  }
}
