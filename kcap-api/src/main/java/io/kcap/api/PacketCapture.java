package io.kcap.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The PacketCapture resource, {@code kcap.io/v1}: which pods of a namespace to capture, which of
 * their traffic, and when; each node's agent reports its files in the status.
 *
 * <p>Calico's {@code projectcalico.org/v3} PacketCapture has the same spec and status; {@link
 * PacketCaptureManifests} reads both.
 */
@Group(PacketCapture.GROUP)
@Version(PacketCapture.VERSION)
@Kind(PacketCapture.KIND)
@Plural(PacketCapture.PLURAL)
@Singular("packetcapture")
@AdditionalPrinterColumn(
    name = "Selector",
    jsonPath = ".spec.selector",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Start",
    jsonPath = ".spec.startTime",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "End",
    jsonPath = ".spec.endTime",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public final class PacketCapture extends CustomResource<PacketCaptureSpec, PacketCaptureStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;

  public static final String GROUP = "kcap.io";
  public static final String VERSION = "v1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "PacketCapture";
  public static final String PLURAL = "packetcaptures";

  /** The Calico resource kcap accepts as it is and converts to {@link #API_VERSION}. */
  public static final String CALICO_API_VERSION = "projectcalico.org/v3";

  /** A capture never has a null spec: absent means "all traffic of all pods, from now on". */
  @Override
  protected PacketCaptureSpec initSpec() {
    return PacketCaptureSpec.builder().build();
  }
}
