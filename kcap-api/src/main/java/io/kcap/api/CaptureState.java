package io.kcap.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a capture is capturing on a node ({@code status.files[].state}), with Calico's names. */
public enum CaptureState {
  /** At least one selected interface on the node is being captured. */
  @JsonProperty("Capturing")
  CAPTURING("Capturing"),
  /** The start time is in the future. */
  @JsonProperty("Scheduled")
  SCHEDULED("Scheduled"),
  /** The end time has passed, or a limit was reached. */
  @JsonProperty("Finished")
  FINISHED("Finished"),
  /** Capturing failed on the node; {@code message} says why. */
  @JsonProperty("Error")
  ERROR("Error"),
  /** The capture is active but no selected endpoint on the node has traffic or interfaces yet. */
  @JsonProperty("WaitingForTraffic")
  WAITING_FOR_TRAFFIC("WaitingForTraffic");

  private final String wireName;

  CaptureState(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling in a manifest. */
  public String wireName() {
    return wireName;
  }
}
