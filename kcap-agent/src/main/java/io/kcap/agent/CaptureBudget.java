package io.kcap.agent;

import java.util.Optional;

/**
 * The packets and bytes a capture may still write on this node ({@code spec.limits.maxPackets} and
 * {@code maxBytes}, which are per node, not per interface): every session of the capture takes from
 * the same budget before writing a packet, so the files of all its pods together hold exactly the
 * limit.
 *
 * <p>A packet that does not fit is not written, and the budget is spent from then on; the agent
 * then finishes the capture on this node.
 */
public final class CaptureBudget {
  private final long maxPackets;
  private final long maxBytes;
  private final boolean limited;
  private final Runnable onSpent;
  private long packets;
  private long bytes;
  private volatile String spentReason;

  /**
   * @param maxPackets {@link Long#MAX_VALUE} for no limit
   * @param maxBytes {@link Long#MAX_VALUE} for no limit
   * @param onSpent called on the capturing thread when the budget is spent, possibly more than once
   */
  public CaptureBudget(long maxPackets, long maxBytes, Runnable onSpent) {
    if (maxPackets < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "capture budget of " + maxPackets + " packets and " + maxBytes + " bytes is below 1");
    }
    this.maxPackets = maxPackets;
    this.maxBytes = maxBytes;
    this.limited = maxPackets != Long.MAX_VALUE || maxBytes != Long.MAX_VALUE;
    this.onSpent = onSpent;
  }

  /** A budget without limits. */
  public static CaptureBudget unlimited() {
    return new CaptureBudget(Long.MAX_VALUE, Long.MAX_VALUE, () -> {});
  }

  /**
   * Takes one packet of {@code capturedLength} bytes from the budget.
   *
   * @return whether the packet may be written
   */
  public boolean take(int capturedLength) {
    if (!limited) {
      return true; // the common case stays off the lock
    }
    boolean fits;
    synchronized (this) {
      if (spentReason != null) {
        return false;
      }
      fits = packets < maxPackets && bytes + capturedLength <= maxBytes;
      if (fits) {
        packets++;
        bytes += capturedLength;
      }
      // Spent as soon as nothing more can fit, so that a capture whose last packet was exactly the
      // limit finishes without waiting for one more.
      if (packets >= maxPackets) {
        spentReason = "maxPackets " + maxPackets + " reached";
      } else if (!fits || bytes >= maxBytes) {
        spentReason = "maxBytes " + maxBytes + " reached";
      }
    }
    if (spentReason != null) {
      onSpent.run();
    }
    return fits;
  }

  /** Which limit was reached, once one was. */
  public Optional<String> spent() {
    return Optional.ofNullable(spentReason);
  }
}
