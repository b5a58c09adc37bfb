package io.kcap.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node's part of a capture ({@code status.files[]}): where its files are and how it goes.
 *
 * <p>{@code node}, {@code directory}, {@code fileNames} and {@code state} are Calico's; the
 * counters and {@code message} are kcap's, and read as 0 and empty from a Calico status.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "node",
  "directory",
  "fileNames",
  "state",
  "packets",
  "bytes",
  "drops",
  "message"
})
public final class CaptureFiles {
  @JsonProperty("node")
  @JsonPropertyDescription("The Kubernetes node the files are on.")
  private final String node;

  @JsonProperty("directory")
  @JsonPropertyDescription("The directory of the files on the node.")
  private final String directory;

  @JsonProperty("fileNames")
  @JsonPropertyDescription("The files of this capture on the node, in alphanumeric order.")
  private final List<String> fileNames;

  @JsonProperty("state")
  @JsonPropertyDescription(
      "Capturing, Scheduled, Finished, Error or WaitingForTraffic on this node.")
  private final CaptureState state;

  @JsonProperty("packets")
  @JsonPropertyDescription("kcap: packets written on this node.")
  private final Long packets;

  @JsonProperty("bytes")
  @JsonPropertyDescription("kcap: bytes of packet data written on this node.")
  private final Long bytes;

  @JsonProperty("drops")
  @JsonPropertyDescription("kcap: packets the kernel dropped before kcap could read them.")
  private final Long drops;

  @JsonProperty("message")
  @JsonPropertyDescription("kcap: why the state is what it is, when that is not obvious.")
  private final String message;

  @JsonCreator
  CaptureFiles(
      @JsonProperty("node") String node,
      @JsonProperty("directory") String directory,
      @JsonProperty("fileNames") List<String> fileNames,
      @JsonProperty("state") CaptureState state,
      @JsonProperty("packets") Long packets,
      @JsonProperty("bytes") Long bytes,
      @JsonProperty("drops") Long drops,
      @JsonProperty("message") String message) {
    this.node = node == null ? "" : node;
    this.directory = directory == null ? "" : directory;
    this.fileNames =
        fileNames == null
            ? List.of()
            : fileNames.stream().filter(Objects::nonNull).sorted().toList();
    this.state = state;
    this.packets = packets;
    this.bytes = bytes;
    this.drops = drops;
    this.message = message == null ? "" : message;
  }

  /**
   * A node's report, as the agent writes it.
   *
   * @param fileNames sorted here into the alphanumeric order the status promises
   * @param message empty when there is nothing to say
   */
  public CaptureFiles(
      String node,
      String directory,
      List<String> fileNames,
      CaptureState state,
      long packets,
      long bytes,
      long drops,
      String message) {
    this(
        Objects.requireNonNull(node),
        Objects.requireNonNull(directory),
        List.copyOf(fileNames),
        Objects.requireNonNull(state),
        (Long) packets,
        (Long) bytes,
        (Long) drops,
        Objects.requireNonNull(message));
  }

  public String node() {
    return node;
  }

  public String directory() {
    return directory;
  }

  public List<String> fileNames() {
    return fileNames;
  }

  /** Absent only in a status written by something other than kcap. */
  public Optional<CaptureState> state() {
    return Optional.ofNullable(state);
  }

  public long packets() {
    return packets == null ? 0 : packets;
  }

  public long bytes() {
    return bytes == null ? 0 : bytes;
  }

  public long drops() {
    return drops == null ? 0 : drops;
  }

  /** Empty when there is nothing to say. */
  public String message() {
    return message;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CaptureFiles that
        && node.equals(that.node)
        && directory.equals(that.directory)
        && fileNames.equals(that.fileNames)
        && state == that.state
        && packets() == that.packets()
        && bytes() == that.bytes()
        && drops() == that.drops()
        && message.equals(that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(node, directory, fileNames, state, packets(), bytes(), drops(), message);
  }

  @Override
  public String toString() {
    return "CaptureFiles[node="
        + node
        + ", directory="
        + directory
        + ", fileNames="
        + fileNames
        + ", state="
        + state
        + ", packets="
        + packets()
        + ", bytes="
        + bytes()
        + ", drops="
        + drops()
        + ", message="
        + message
        + "]";
  }
}
