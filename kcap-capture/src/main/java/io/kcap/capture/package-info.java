/**
 * Packet capture on Linux, and the native code it needs: the only kcap package that uses {@code
 * java.lang.foreign}. Nothing native ({@code MemorySegment}, {@code Arena}, C status codes) leaves
 * it; failures are {@link io.kcap.capture.CaptureException}s.
 *
 * <p>{@link io.kcap.capture.CaptureSession} records one interface through an AF_PACKET TPACKET_V3
 * ring into a {@link io.kcap.capture.PacketSink}: {@link io.kcap.capture.RotatingFileSink} for
 * files rotated by time and size, {@link io.kcap.capture.StreamSink} for a pipe, or the caller's
 * own. {@link io.kcap.capture.CaptureOptions} say which interface (in which network namespace),
 * which filter, snap length, ring size and limits.
 *
 * {@snippet :
 * CaptureOptions options =
 *     CaptureOptions.on("cali12ab34cd")
 *         .netns("pod-1")
 *         .filter((linkType, snap) -> PcapFilterCompiler.compile("tcp port 443", linkType, snap))
 *         .limits(CaptureLimits.NONE.withMaxDuration(Duration.ofMinutes(5)))
 *         .build();
 * PacketSink sink =
 *     new RotatingFileSink(
 *         Path.of("/var/log/kcap/pcap/default/web/pod-1_cali12ab34cd.pcap"),
 *         CaptureFormat.PCAP,
 *         Rotation.NONE.withMaxFileBytes(100 << 20).withMaxRotatedFiles(10),
 *         InstantSource.system());
 * try (CaptureSession session = CaptureSession.open(options, sink)) {
 *   CaptureEnd end = session.await(); // or session.stop() from elsewhere
 * }
 * }
 *
 * <p>{@link io.kcap.capture.PcapFilterCompiler} compiles raw pcap-filter expressions with the
 * system's libpcap; traffic filters compile without it (see {@link io.kcap.capture.filter}).
 */
package io.kcap.capture;
