package io.kcap.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agent captures on its node, with Calico's defaults (FelixConfiguration's capture
 * directory and rotation): files under {@code /var/log/kcap/pcap}, rotated every hour or at 10 MB,
 * two rotated files kept per stream.
 *
 * {@snippet :
 * NodeSettings settings = NodeSettings.standalone(Sandbox.localNode(), stateDir).withMaxRotatedFiles(5);
 * }
 *
 * @param node this node's name, as status entries and download zips name it
 * @param captureDirectory where files go: {@code captureDirectory/namespace/capture/pod_iface.pcap}
 * @param rotationInterval a file is rotated once it covers this long
 * @param rotationBytes a file is rotated before it grows past this size
 * @param maxRotatedFiles rotated files kept per stream, besides the active one
 * @param defaultSnapLength bytes kept of each packet when a capture says nothing
 * @param ringBytes the kernel ring of each captured interface
 * @param statusInterval how often counters in the status are refreshed while they change
 */
public record NodeSettings(
    String node,
    Path captureDirectory,
    Duration rotationInterval,
    long rotationBytes,
    int maxRotatedFiles,
    int defaultSnapLength,
    long ringBytes,
    Duration statusInterval) {

  public static final Path DEFAULT_CAPTURE_DIRECTORY = Path.of("/var/log/kcap/pcap");
  public static final Duration DEFAULT_ROTATION_INTERVAL = Duration.ofSeconds(3600);
  public static final long DEFAULT_ROTATION_BYTES = 10_000_000;
  public static final int DEFAULT_MAX_ROTATED_FILES = 2;

  /** libpcap's and tcpdump's largest, so that whole packets are kept. */
  public static final int MAX_SNAP_LENGTH = 262_144;

  public static final long DEFAULT_RING_BYTES = 32L << 20;
  public static final long MIN_RING_BYTES = 256L << 10;
  public static final long MAX_RING_BYTES = 1L << 30;
  public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(5);

  /** The capture directory of a standalone agent in its state directory. */
  public static final String STANDALONE_CAPTURE_DIRECTORY = "pcap";

  public NodeSettings {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(captureDirectory, "captureDirectory");
    Objects.requireNonNull(rotationInterval, "rotationInterval");
    Objects.requireNonNull(statusInterval, "statusInterval");
    if (node.isBlank()) {
      throw new IllegalArgumentException("node name is empty");
    }
    if (rotationInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "rotation interval " + rotationInterval + " is shorter than 1 ms");
    }
    if (rotationBytes < 1) {
      throw new IllegalArgumentException("rotation size " + rotationBytes + " is below 1 byte");
    }
    if (maxRotatedFiles < 0) {
      throw new IllegalArgumentException("rotated file count " + maxRotatedFiles + " is negative");
    }
    if (defaultSnapLength < 1 || defaultSnapLength > MAX_SNAP_LENGTH) {
      throw new IllegalArgumentException(
          "snap length " + defaultSnapLength + " is outside 1.." + MAX_SNAP_LENGTH);
    }
    if (ringBytes < MIN_RING_BYTES || ringBytes > MAX_RING_BYTES) {
      throw new IllegalArgumentException(
          "ring size " + ringBytes + " bytes is outside " + MIN_RING_BYTES + ".." + MAX_RING_BYTES);
    }
    if (statusInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "status interval " + statusInterval + " is shorter than 1 ms");
    }
  }

  /** A Kubernetes node's settings: Calico's defaults. */
  public static NodeSettings defaults(String node) {
    return new NodeSettings(
        node,
        DEFAULT_CAPTURE_DIRECTORY,
        DEFAULT_ROTATION_INTERVAL,
        DEFAULT_ROTATION_BYTES,
        DEFAULT_MAX_ROTATED_FILES,
        MAX_SNAP_LENGTH,
        DEFAULT_RING_BYTES,
        DEFAULT_STATUS_INTERVAL);
  }

  /** A standalone node's settings: the defaults, with files in {@code <stateDirectory>/pcap}. */
  public static NodeSettings standalone(String node, Path stateDirectory) {
    return defaults(node)
        .withCaptureDirectory(stateDirectory.resolve(STANDALONE_CAPTURE_DIRECTORY));
  }

  public NodeSettings withCaptureDirectory(Path directory) {
    return new NodeSettings(
        node,
        directory,
        rotationInterval,
        rotationBytes,
        maxRotatedFiles,
        defaultSnapLength,
        ringBytes,
        statusInterval);
  }

  public NodeSettings withRotationInterval(Duration interval) {
    return new NodeSettings(
        node,
        captureDirectory,
        interval,
        rotationBytes,
        maxRotatedFiles,
        defaultSnapLength,
        ringBytes,
        statusInterval);
  }

  public NodeSettings withRotationBytes(long bytes) {
    return new NodeSettings(
        node,
        captureDirectory,
        rotationInterval,
        bytes,
        maxRotatedFiles,
        defaultSnapLength,
        ringBytes,
        statusInterval);
  }

  public NodeSettings withMaxRotatedFiles(int files) {
    return new NodeSettings(
        node,
        captureDirectory,
        rotationInterval,
        rotationBytes,
        files,
        defaultSnapLength,
        ringBytes,
        statusInterval);
  }

  public NodeSettings withDefaultSnapLength(int bytes) {
    return new NodeSettings(
        node,
        captureDirectory,
        rotationInterval,
        rotationBytes,
        maxRotatedFiles,
        bytes,
        ringBytes,
        statusInterval);
  }

  public NodeSettings withRingBytes(long bytes) {
    return new NodeSettings(
        node,
        captureDirectory,
        rotationInterval,
        rotationBytes,
        maxRotatedFiles,
        defaultSnapLength,
        bytes,
        statusInterval);
  }

  public NodeSettings withStatusInterval(Duration interval) {
    return new NodeSettings(
        node,
        captureDirectory,
        rotationInterval,
        rotationBytes,
        maxRotatedFiles,
        defaultSnapLength,
        ringBytes,
        interval);
  }

  /** The directory of one capture's files on this node, as its status reports it. */
  public Path directoryOf(String namespace, String capture) {
    return captureDirectory.resolve(namespace).resolve(capture);
  }
}
