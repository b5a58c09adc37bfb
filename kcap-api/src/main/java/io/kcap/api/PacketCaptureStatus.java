package io.kcap.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** What the agents report about a capture: one {@link CaptureFiles} per node. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class PacketCaptureStatus {
  @JsonProperty("files")
  @JsonPropertyDescription("Per node: where the capture files are and how the capture goes.")
  private final List<CaptureFiles> files;

  @JsonCreator
  public PacketCaptureStatus(@JsonProperty("files") List<CaptureFiles> files) {
    this.files = files == null ? List.of() : files.stream().filter(Objects::nonNull).toList();
  }

  public List<CaptureFiles> files() {
    return files;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PacketCaptureStatus that && files.equals(that.files);
  }

  @Override
  public int hashCode() {
    return files.hashCode();
  }

  @Override
  public String toString() {
    return "PacketCaptureStatus[files=" + files + "]";
  }
}
