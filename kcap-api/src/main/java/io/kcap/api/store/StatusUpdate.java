package io.kcap.api.store;

import io.kcap.api.PacketCapture;
import java.util.Objects;

/** What {@link CaptureStore#updateStatus} did. */
public sealed interface StatusUpdate {

  /** The status is written; {@code stored} has its new resource version. */
  record Updated(PacketCapture stored) implements StatusUpdate {
    public Updated {
      Objects.requireNonNull(stored, "stored");
    }
  }

  /** The capture changed since the version the status was computed from; nothing was written. */
  record Conflict(PacketCapture current) implements StatusUpdate {
    public Conflict {
      Objects.requireNonNull(current, "current");
    }
  }

  /** The capture no longer exists. */
  record NotFound() implements StatusUpdate {}
}
