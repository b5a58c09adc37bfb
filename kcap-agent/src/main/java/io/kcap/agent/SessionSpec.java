package io.kcap.agent;

import io.kcap.api.CaptureFormat;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a session needs to run, decided by {@link DesiredState}. Two equal specs are the same
 * session: a running session whose desired spec changes is restarted.
 *
 * @param key the capture, pod and interface
 * @param activeFile the file being written; rotated files sit beside it
 * @param traffic the packets kept
 * @param snapLength bytes kept of each packet
 * @param format the file format
 * @param rotation when the file is rotated
 * @param ringBytes the kernel ring's size
 */
public record SessionSpec(
    SessionKey key,
    Path activeFile,
    TrafficSelection traffic,
    int snapLength,
    CaptureFormat format,
    FileRotation rotation,
    long ringBytes) {
  public SessionSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(activeFile, "activeFile");
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(rotation, "rotation");
  }

  /** {@code pod_interface.pcap} (or {@code .pcapng}), the file name Calico gives a stream. */
  public static String fileName(String pod, String interfaceName, CaptureFormat format) {
    return pod + "_" + interfaceName + "." + format.wireName();
  }
}
