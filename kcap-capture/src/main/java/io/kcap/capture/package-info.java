/**
 * Packet capture on Linux, and the native code it needs: the only kcap package that uses {@code
 * java.lang.foreign}. Nothing native ({@code MemorySegment}, {@code Arena}, C status codes) leaves
 * it; failures are {@link io.kcap.capture.CaptureException}s.
 *
 * <p>{@link io.kcap.capture.PcapFilterCompiler} compiles raw pcap-filter expressions with the
 * system's libpcap; traffic filters compile without it (see {@link io.kcap.capture.filter}).
 *
 * {@snippet :
 * BpfProgram program = PcapFilterCompiler.compile("tcp port 443", LinkType.ETHERNET, 262144);
 * }
 */
package io.kcap.capture;
