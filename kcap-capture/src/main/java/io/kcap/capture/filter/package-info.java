/**
 * PacketCapture traffic filters ({@code protocol} and {@code ports}) and their compilation to
 * classic BPF without libpcap.
 *
 * <p>A list of {@link io.kcap.capture.filter.TrafficFilter}s compiles with {@link
 * io.kcap.capture.filter.TrafficFilterCompiler} to the program libpcap would make of the expression
 * {@link io.kcap.capture.filter.FilterExpression} writes for it; kcap's tests check the two against
 * tcpdump on real traffic.
 *
 * {@snippet :
 * List<TrafficFilter> filters =
 *     List.of(
 *         TrafficFilter.of(IpProtocol.TCP, PortRange.of(80), PortRange.of(8000, 8080)),
 *         TrafficFilter.of(IpProtocol.UDP));
 * String shown = FilterExpression.of(filters); // (tcp and (port 80 or portrange 8000-8080)) or (udp)
 * BpfProgram program = TrafficFilterCompiler.compile(filters, LinkType.ETHERNET, 262144);
 * }
 */
package io.kcap.capture.filter;
