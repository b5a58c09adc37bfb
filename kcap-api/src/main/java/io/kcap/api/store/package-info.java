/**
 * Where PacketCaptures live without a Kubernetes API server: {@link
 * io.kcap.api.store.CaptureStore}, with Kubernetes' resource-version and generation rules, and its
 * file implementation in the state directory, {@link io.kcap.api.store.FileCaptureStore}.
 *
 * {@snippet :
 * CaptureStore store = FileCaptureStore.in(stateDir);
 * boolean created = store.put(capture).created();
 * long seen = store.version();
 * // ... later: list again only when store.version() != seen
 * }
 */
package io.kcap.api.store;
