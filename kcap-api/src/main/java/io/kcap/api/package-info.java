/**
 * The PacketCapture resource: what to capture, read from manifests, checked, and turned into the
 * packet filter a capture runs.
 *
 * <ul>
 *   <li>{@link io.kcap.api.PacketCapture} is the fabric8 custom resource ({@code kcap.io/v1},
 *       namespaced, with a status subresource); {@link io.kcap.api.PacketCaptureSpec} and {@link
 *       io.kcap.api.PacketCaptureStatus} keep values as written, so manifests read back unchanged.
 *       The CRD in {@code deploy/crd} is generated from these classes.
 *   <li>{@link io.kcap.api.PacketCaptureManifests} reads multi-document YAML, {@code kcap.io/v1} or
 *       Calico's {@code projectcalico.org/v3} (converted), reporting unknown fields and wrong types
 *       as {@link io.kcap.api.Violation}s rather than dropping them.
 *   <li>{@link io.kcap.api.PacketCaptureValidator} returns every violation at once; selector and
 *       BPF checks come in through {@link io.kcap.api.ExpressionChecks}, since the modules that
 *       provide them sit beside this one, not below it.
 *   <li>{@link io.kcap.api.PcapFilter} translates filters (and {@code bpf}) to the pcap-filter
 *       expression the agent compiles.
 * </ul>
 *
 * {@snippet :
 * PacketCaptureValidator validator = new PacketCaptureValidator(checks);
 * for (CaptureManifest manifest : PacketCaptureManifests.read(reader)) {
 *   List<Violation> violations = validator.validate(manifest);
 *   if (violations.isEmpty()) {
 *     String filter = PcapFilter.expression(manifest.capture().getSpec()); // e.g. "tcp and port 80"
 *   }
 * }
 * }
 */
package io.kcap.api;
