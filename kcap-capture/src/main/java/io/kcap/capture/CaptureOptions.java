package io.kcap.capture;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What to capture and how: the interface (optionally in a named network namespace), the classic-BPF
 * filter, the snap length, the ring, and the limits. Built with {@link #on(String)}; every value is
 * checked when built.
 *
 * {@snippet :
 * CaptureOptions options =
 *     CaptureOptions.on("cali12ab34cd").netns("pod-1").filter(CaptureFilter.of(program)).ringSize(64 << 20).build();
 * }
 */
public final class CaptureOptions {
  /** The largest snap length, as in libpcap: 256 KiB covers any GSO packet. */
  public static final int MAX_SNAP_LENGTH = 262_144;

  public static final long DEFAULT_RING_SIZE = 32L << 20;
  public static final long MIN_RING_SIZE = 256L << 10;
  public static final long MAX_RING_SIZE = 1L << 30;

  /**
   * How long a partly filled ring block may wait before the kernel hands it over: the delay before
   * a quiet interface's packets reach the sink.
   */
  public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofMillis(100);

  static final int MAX_INTERFACE_NAME = 15;

  private final String interfaceName;
  private final String netns;
  private final CaptureFilter filter;
  private final int snapLength;
  private final long ringSize;
  private final Duration blockTimeout;
  private final boolean promiscuous;
  private final CaptureLimits limits;
  private final String description;

  private CaptureOptions(Builder builder) {
    interfaceName = builder.interfaceName;
    netns = builder.netns;
    filter = builder.filter;
    snapLength = builder.snapLength;
    ringSize = builder.ringSize;
    blockTimeout = builder.blockTimeout;
    promiscuous = builder.promiscuous;
    limits = builder.limits;
    description = builder.description;
  }

  /** Starts options for a capture on the interface with this name. */
  public static Builder on(String interfaceName) {
    return new Builder(interfaceName);
  }

  public String interfaceName() {
    return interfaceName;
  }

  /** The named network namespace ({@code ip netns}) the interface lives in, if not this one. */
  public Optional<String> netns() {
    return Optional.ofNullable(netns);
  }

  /** The kernel filter; without one every packet is captured. */
  public Optional<CaptureFilter> filter() {
    return Optional.ofNullable(filter);
  }

  public int snapLength() {
    return snapLength;
  }

  public long ringSize() {
    return ringSize;
  }

  public Duration blockTimeout() {
    return blockTimeout;
  }

  public boolean promiscuous() {
    return promiscuous;
  }

  public CaptureLimits limits() {
    return limits;
  }

  /** A description of the capture point for the output (pcapng {@code if_description}). */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return "capture on "
        + interfaceName
        + (netns == null ? "" : " in netns " + netns)
        + ", snap length "
        + snapLength
        + ", ring "
        + ringSize
        + " bytes";
  }

  /** Collects the options; {@link #build()} checks them. */
  public static final class Builder {
    private final String interfaceName;
    private String netns;
    private CaptureFilter filter;
    private int snapLength = MAX_SNAP_LENGTH;
    private long ringSize = DEFAULT_RING_SIZE;
    private Duration blockTimeout = DEFAULT_BLOCK_TIMEOUT;
    private boolean promiscuous = true;
    private CaptureLimits limits = CaptureLimits.NONE;
    private String description = "";

    private Builder(String interfaceName) {
      this.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
    }

    public Builder netns(String name) {
      this.netns = Objects.requireNonNull(name, "netns");
      return this;
    }

    public Builder filter(CaptureFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    public Builder snapLength(int bytes) {
      this.snapLength = bytes;
      return this;
    }

    public Builder ringSize(long bytes) {
      this.ringSize = bytes;
      return this;
    }

    public Builder blockTimeout(Duration timeout) {
      this.blockTimeout = Objects.requireNonNull(timeout, "blockTimeout");
      return this;
    }

    /** Whether to put the interface in promiscuous mode while capturing (default: yes). */
    public Builder promiscuous(boolean on) {
      this.promiscuous = on;
      return this;
    }

    public Builder limits(CaptureLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public Builder description(String text) {
      this.description = Objects.requireNonNull(text, "description");
      return this;
    }

    /** Checks every value; the exception names the offending one and its limit. */
    public CaptureOptions build() {
      checkInterfaceName(interfaceName);
      if (netns != null) {
        checkNetnsName(netns);
      }
      if (snapLength < 1 || snapLength > MAX_SNAP_LENGTH) {
        throw new IllegalArgumentException(
            "snap length " + snapLength + " is outside 1.." + MAX_SNAP_LENGTH);
      }
      if (ringSize < MIN_RING_SIZE || ringSize > MAX_RING_SIZE) {
        throw new IllegalArgumentException(
            "ring size " + ringSize + " bytes is outside " + MIN_RING_SIZE + ".." + MAX_RING_SIZE);
      }
      if (blockTimeout.toMillis() < 1 || blockTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException(
            "block timeout " + blockTimeout.toMillis() + " ms is outside 1..10000 ms");
      }
      return new CaptureOptions(this);
    }

    private static void checkInterfaceName(String name) {
      if (name.isEmpty() || name.length() > MAX_INTERFACE_NAME) {
        throw new IllegalArgumentException(
            "interface name '"
                + name
                + "' has "
                + name.length()
                + " characters; expected 1 to "
                + MAX_INTERFACE_NAME);
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c <= ' ' || c >= 0x7F || c == '/') {
          throw new IllegalArgumentException(
              "interface name '" + name + "' contains '" + c + "', which Linux does not allow");
        }
      }
    }

    private static void checkNetnsName(String name) {
      if (name.isEmpty()
          || name.length() > 255
          || name.equals(".")
          || name.equals("..")
          || name.indexOf('/') >= 0
          || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "network namespace name '" + name + "' is not a file name under /var/run/netns");
      }
    }
  }
}
