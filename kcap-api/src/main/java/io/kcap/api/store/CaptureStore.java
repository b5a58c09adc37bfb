package io.kcap.api.store;

import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureStatus;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where PacketCaptures are kept when there is no Kubernetes API server: the standalone API writes
 * specs into it and the agent reads them and writes their status back.
 *
 * <p>It behaves like the Kubernetes API for one resource: {@code metadata.resourceVersion} changes
 * on every write, {@code metadata.generation} when the spec changes, the spec belongs to {@link
 * #put} and the status to {@link #updateStatus}, which refuses a write based on an old version.
 * Objects returned are copies; changing them changes nothing stored.
 *
 * {@snippet :
 * CaptureStore store = FileCaptureStore.in(stateDir);
 * store.put(capture);                               // create or update the spec
 * PacketCapture current = store.get("shop", "web").orElseThrow();
 * switch (store.updateStatus("shop", "web", current.getMetadata().getResourceVersion(), status)) {
 *   case StatusUpdate.Updated updated -> {}
 *   case StatusUpdate.Conflict conflict -> {} // someone wrote first: merge into conflict.current()
 *   case StatusUpdate.NotFound notFound -> {} // deleted meanwhile
 * }
 * }
 */
public interface CaptureStore {

  /** Every capture, ordered by namespace then name. */
  List<PacketCapture> list() throws IOException;

  /** The captures of one namespace, ordered by name. */
  List<PacketCapture> list(String namespace) throws IOException;

  Optional<PacketCapture> get(String namespace, String name) throws IOException;

  /**
   * Creates the capture or replaces its spec, labels and annotations; its status is kept. The
   * namespace defaults to {@code default}.
   *
   * @throws IllegalArgumentException if the capture has no name, or a namespace or name that is no
   *     Kubernetes name
   */
  Put put(PacketCapture capture) throws IOException;

  /** Deletes the capture and returns it as it was; empty when there was none. */
  Optional<PacketCapture> delete(String namespace, String name) throws IOException;

  /**
   * Replaces the status, if the capture is still at {@code resourceVersion}.
   *
   * @param resourceVersion the version the new status was computed from
   */
  StatusUpdate updateStatus(
      String namespace, String name, String resourceVersion, PacketCaptureStatus status)
      throws IOException;

  /**
   * A number that grows whenever any capture changes, so that a reader can tell cheaply whether to
   * list again. It also notices writes made by other processes, but only when called.
   */
  long version() throws IOException;

  /**
   * Calls {@code listener} after every write made through this store, on the writing thread; it
   * must return quickly.
   */
  Subscription onChange(Runnable listener);

  /** What {@link #put} did. */
  record Put(PacketCapture stored, boolean created) {}

  /** Ends an {@link #onChange} registration. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
