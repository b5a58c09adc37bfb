/**
 * Capture files: classic pcap and pcapng, read and written with memory independent of their size.
 *
 * <p>A tour:
 *
 * <ul>
 *   <li>{@link io.kcap.pcap.CaptureReader#open(java.nio.file.Path)} looks at the first bytes and
 *       returns a {@link io.kcap.pcap.PcapReader} (either byte order, µs or ns stamps, any link
 *       type) or a {@link io.kcap.pcap.PcapNgReader} (sections, interfaces with {@code
 *       if_tsresol}/{@code if_tsoffset}, every block). Both hand out packets one at a time as a
 *       view into a large read buffer; {@link io.kcap.pcap.CaptureReader#packet()} copies one into
 *       a {@link io.kcap.pcap.Packet}.
 *   <li>pcapng blocks are the sealed {@link io.kcap.pcap.Block} records; blocks kcap does not
 *       interpret stay {@link io.kcap.pcap.Block.Unknown} or {@link io.kcap.pcap.Block.Custom},
 *       option codes are the open {@link io.kcap.pcap.OptionCode}, so nothing read is lost when
 *       written back.
 *   <li>{@link io.kcap.pcap.PcapWriter} and {@link io.kcap.pcap.PcapNgWriter} write; a file read
 *       and written back is byte-identical.
 *   <li>{@link io.kcap.pcap.CaptureFilter} copies a capture through a time window and a
 *       per-interface {@link io.kcap.pcap.PacketPredicate} (a BPF program per link type), writing
 *       exactly what {@code tcpdump -r IN -w OUT EXPR} writes for pcap; {@link
 *       io.kcap.pcap.CaptureMerger} merges captures in {@code mergecap}'s order; {@link
 *       io.kcap.pcap.CaptureSummary} is what {@code kcap pcap info} prints.
 *   <li>A malformed file raises {@link io.kcap.pcap.PcapFormatException} with the byte offset and
 *       the fault, and nothing else: every record or block length is checked against a limit before
 *       anything is allocated for it.
 * </ul>
 *
 * {@snippet :
 * try (CaptureReader in = CaptureReader.open(Path.of("node-a.pcapng"))) {
 *   while (in.next()) {
 *     CaptureInterface from = in.captureInterface();
 *     System.out.printf("%s %d bytes on %s%n",
 *         Instant.ofEpochSecond(0, in.timestampNanos()), in.originalLength(), from.linkType());
 *   }
 * }
 * }
 */
package io.kcap.pcap;
