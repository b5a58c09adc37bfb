package io.kcap.capture.internal;

import io.kcap.capture.CaptureEnd;
import io.kcap.capture.CaptureException;
import io.kcap.capture.CaptureInfo;
import io.kcap.capture.CaptureOptions;
import io.kcap.capture.CaptureStats;
import io.kcap.capture.PacketSink;
import io.kcap.pcap.bpf.BpfInstruction;
import io.kcap.pcap.bpf.BpfProgram;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One running capture: the socket, its ring, and the platform thread that reads it. The public face
 * is {@link io.kcap.capture.CaptureSession}.
 */
public final class LiveCapture {
  /** {@code BPF_RET | BPF_K}: accept the packet, keeping at most k bytes. */
  private static final int BPF_RET_K = 0x06;

  private final CaptureInfo info;
  private final RingReader reader;
  private final CompletableFuture<CaptureEnd> end = new CompletableFuture<>();

  private LiveCapture(CaptureInfo info, RingReader reader) {
    this.info = info;
    this.reader = reader;
  }

  /**
   * Opens the socket (inside the options' network namespace, if any), attaches the filter and the
   * ring, binds to the interface, starts the sink, and starts reading.
   *
   * @throws CaptureException when any of it fails; nothing is left open then
   */
  public static LiveCapture start(CaptureOptions options, PacketSink sink, InstantSource clock) {
    String name = options.interfaceName();
    PacketSocket socket =
        options
            .netns()
            .map(netns -> Netns.inside(netns, () -> PacketSocket.create(name)))
            .orElseGet(() -> PacketSocket.create(name));
    Ring ring = null;
    Wakeup wakeup = null;
    try {
      LinkLayer link = LinkLayer.forHardwareType(socket.lookUpInterface(), name);
      socket.useTpacketV3();
      if (link.loopback()) {
        socket.ignoreOutgoing();
      }
      kernelFilter(options, link).ifPresent(socket::attachFilter);
      ring =
          Ring.attach(
              socket,
              RingGeometry.forRingSize(
                  options.ringSize(), (int) options.blockTimeout().toMillis()));
      wakeup = Wakeup.create();
      CaptureInfo info =
          new CaptureInfo(name, options.description(), link.linkType(), options.snapLength());
      try {
        sink.start(info);
      } catch (IOException e) {
        throw new CaptureException("cannot start the capture output: " + e.getMessage(), e);
      }
      socket.bind();
      if (options.promiscuous()) {
        socket.enterPromiscuousMode();
      }
      RingReader reader =
          new RingReader(
              ring, socket, wakeup, sink, options.snapLength(), link, options.limits(), clock);
      LiveCapture capture = new LiveCapture(info, reader);
      Ring started = ring;
      Wakeup startedWakeup = wakeup;
      Thread.ofPlatform()
          .name("kcap-capture-" + name)
          .daemon(true)
          .start(() -> capture.run(sink, socket, started, startedWakeup));
      return capture;
    } catch (RuntimeException e) {
      socket.close();
      if (ring != null) {
        ring.close();
      }
      if (wakeup != null) {
        wakeup.close();
      }
      throw e;
    }
  }

  /**
   * The filter the kernel runs. Without a user filter, a lone {@code ret #snaplen} still lets the
   * kernel cut packets at the snap length, so that they take less room in the ring.
   */
  private static java.util.Optional<BpfProgram> kernelFilter(
      CaptureOptions options, LinkLayer link) {
    if (options.filter().isPresent()) {
      return options.filter().map(f -> f.compile(link.linkType(), options.snapLength()));
    }
    if (options.snapLength() < CaptureOptions.MAX_SNAP_LENGTH) {
      return java.util.Optional.of(
          new BpfProgram(List.of(new BpfInstruction(BPF_RET_K, 0, 0, options.snapLength()))));
    }
    return java.util.Optional.empty();
  }

  private void run(PacketSink sink, PacketSocket socket, Ring ring, Wakeup wakeup) {
    CaptureEnd result;
    try {
      result = reader.run();
      try {
        sink.finish(result.stats());
      } catch (IOException | RuntimeException e) {
        if (!(result instanceof CaptureEnd.Failed)) {
          result =
              new CaptureEnd.Failed(
                  "cannot complete the capture output: " + e.getMessage(), result.stats());
        }
      }
    } catch (Throwable t) {
      result = new CaptureEnd.Failed("capture loop failed: " + t, reader.stats());
    } finally {
      socket.close();
      ring.close();
      wakeup.close();
    }
    end.complete(result);
  }

  public CaptureInfo info() {
    return info;
  }

  public CaptureStats stats() {
    return reader.stats();
  }

  /** The end, once the capture has ended (the sink is finished by then). */
  public CompletableFuture<CaptureEnd> end() {
    return end;
  }

  /** Asks the capture to record what reached the ring, then end; returns at once. */
  public void requestStop() {
    if (!end.isDone()) {
      reader.requestStop();
    }
  }
}
