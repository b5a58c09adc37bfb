/**
 * Classic BPF, the filter language of tcpdump and of Linux packet sockets.
 *
 * <p>A {@link io.kcap.pcap.bpf.BpfProgram} is a list of {@link io.kcap.pcap.bpf.BpfInstruction}s
 * (built with the {@link io.kcap.pcap.bpf.BpfOpcode} fields, compiled by libpcap or by kcap's own
 * filter compiler). {@link io.kcap.pcap.bpf.BpfInterpreter} runs it on packets exactly as libpcap
 * does for {@code tcpdump -r}, and {@link io.kcap.pcap.bpf.BpfListing} prints it as tcpdump's
 * {@code -d}, {@code -dd} and {@code -ddd} do.
 *
 * {@snippet :
 * BpfInterpreter filter = new BpfInterpreter(program);
 * System.out.print(BpfListing.assembly(program));
 * for (Packet packet : packets) {
 *   if (filter.accepts(packet)) {
 *     kept.add(packet);
 *   }
 * }
 * }
 */
package io.kcap.pcap.bpf;
