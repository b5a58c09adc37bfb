package io.kcap.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kcap.api.CaptureFiles;
import io.kcap.api.CaptureFilter;
import io.kcap.api.CaptureState;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureManifests;
import io.kcap.api.PacketCaptureSpec;
import io.kcap.api.PacketCaptureStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCaptureStoreTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.250Z");

  @TempDir Path state;
  private FileCaptureStore store;

  @BeforeEach
  void emptyStore() {
    store = new FileCaptureStore(state.resolve("captures"), InstantSource.fixed(NOW));
  }

  static PacketCapture capture(String namespace, String name, PacketCaptureSpec spec) {
    PacketCapture capture = new PacketCapture();
    capture.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withLabels(Map.of("team", "payments"))
            .build());
    capture.setSpec(spec);
    return capture;
  }

  static PacketCaptureSpec selecting(String selector) {
    return PacketCaptureSpec.builder().selector(selector).build();
  }

  static PacketCaptureStatus statusOf(String node, CaptureState state) {
    return new PacketCaptureStatus(
        List.of(new CaptureFiles(node, "/pcap", List.of("a.pcap"), state, 3, 300, 0, "")));
  }

  @Test
  void aNewCaptureGetsUidCreationTimeGenerationOneAndAResourceVersion() throws IOException {
    CaptureStore.Put put = store.put(capture("shop", "web", selecting("app == 'web'")));

    assertThat(put.created()).isTrue();
    var metadata = put.stored().getMetadata();
    assertThat(metadata.getUid()).hasSize(36);
    assertThat(metadata.getCreationTimestamp()).isEqualTo("2025-03-01T10:15:30Z");
    assertThat(metadata.getGeneration()).isEqualTo(1L);
    assertThat(metadata.getResourceVersion()).isEqualTo("1");
    assertThat(metadata.getLabels()).containsEntry("team", "payments");
    assertThat(put.stored().getApiVersion()).isEqualTo("kcap.io/v1");
    assertThat(state.resolve("captures/shop/web.yaml")).exists();
  }

  @Test
  void theFileIsAManifestKcapValidateReadsBack() throws IOException {
    store.put(capture("shop", "web", selecting("app == 'web'")));

    var manifests =
        PacketCaptureManifests.read(Files.readString(state.resolve("captures/shop/web.yaml")));
    assertThat(manifests).hasSize(1);
    assertThat(manifests.getFirst().violations()).isEmpty();
    assertThat(manifests.getFirst().capture().getSpec().selector()).contains("app == 'web'");
  }

  @Test
  void updatingTheSpecBumpsGenerationAndVersionButKeepsUidCreationAndStatus() throws IOException {
    PacketCapture first = store.put(capture("shop", "web", selecting("all()"))).stored();
    store.updateStatus(
        "shop",
        "web",
        first.getMetadata().getResourceVersion(),
        statusOf("node-a", CaptureState.CAPTURING));

    CaptureStore.Put second = store.put(capture("shop", "web", selecting("app == 'db'")));

    assertThat(second.created()).isFalse();
    var metadata = second.stored().getMetadata();
    assertThat(metadata.getUid()).isEqualTo(first.getMetadata().getUid());
    assertThat(metadata.getCreationTimestamp())
        .isEqualTo(first.getMetadata().getCreationTimestamp());
    assertThat(metadata.getGeneration()).isEqualTo(2L);
    assertThat(metadata.getResourceVersion()).isEqualTo("3");
    assertThat(second.stored().getSpec().selector()).contains("app == 'db'");
    assertThat(second.stored().getStatus()).isEqualTo(statusOf("node-a", CaptureState.CAPTURING));
  }

  @Test
  void writingTheSameSpecAgainKeepsTheGeneration() throws IOException {
    store.put(capture("shop", "web", selecting("all()")));

    PacketCapture again = store.put(capture("shop", "web", selecting("all()"))).stored();

    assertThat(again.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(again.getMetadata().getResourceVersion()).isEqualTo("2");
  }

  @Test
  void aStatusWrittenFromAnOldVersionIsAConflictAndChangesNothing() throws IOException {
    PacketCapture first = store.put(capture("shop", "web", selecting("all()"))).stored();
    store.put(capture("shop", "web", selecting("app == 'db'")));

    StatusUpdate update =
        store.updateStatus(
            "shop",
            "web",
            first.getMetadata().getResourceVersion(),
            statusOf("node-a", CaptureState.CAPTURING));

    assertThat(update).isInstanceOf(StatusUpdate.Conflict.class);
    PacketCapture current = ((StatusUpdate.Conflict) update).current();
    assertThat(current.getMetadata().getResourceVersion()).isEqualTo("2");
    assertThat(store.get("shop", "web").orElseThrow().getStatus()).isNull();
  }

  @Test
  void aStatusWrittenFromTheCurrentVersionIsStoredWithANewVersionAndTheSameGeneration()
      throws IOException {
    PacketCapture first = store.put(capture("shop", "web", selecting("all()"))).stored();

    StatusUpdate update =
        store.updateStatus("shop", "web", "1", statusOf("node-a", CaptureState.SCHEDULED));

    assertThat(update).isInstanceOf(StatusUpdate.Updated.class);
    PacketCapture stored = store.get("shop", "web").orElseThrow();
    assertThat(stored.getStatus()).isEqualTo(statusOf("node-a", CaptureState.SCHEDULED));
    assertThat(stored.getMetadata().getResourceVersion()).isEqualTo("2");
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(stored.getSpec()).isEqualTo(first.getSpec());
  }

  @Test
  void theStatusOfAMissingCaptureIsNotFound() throws IOException {
    assertThat(store.updateStatus("shop", "gone", "1", statusOf("n", CaptureState.FINISHED)))
        .isInstanceOf(StatusUpdate.NotFound.class);
  }

  @Test
  void listingIsOrderedByNamespaceThenNameAndCanBeLimitedToANamespace() throws IOException {
    store.put(capture("shop", "web", selecting("all()")));
    store.put(capture("ops", "probe", selecting("all()")));
    store.put(capture("shop", "db", selecting("all()")));

    assertThat(store.list())
        .extracting(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName())
        .containsExactly("ops/probe", "shop/db", "shop/web");
    assertThat(store.list("shop"))
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("db", "web");
    assertThat(store.list("nothing-here")).isEmpty();
  }

  @Test
  void deleteReturnsTheCaptureAsItWasAndForgetsIt() throws IOException {
    store.put(capture("shop", "web", selecting("all()")));

    assertThat(store.delete("shop", "web"))
        .hasValueSatisfying(c -> assertThat(c.getSpec().selector()).contains("all()"));
    assertThat(store.get("shop", "web")).isEmpty();
    assertThat(store.delete("shop", "web")).isEmpty();
    assertThat(state.resolve("captures/shop")).doesNotExist();
  }

  @Test
  void aCaptureMadeAgainAfterDeleteNeverRepeatsAnEarlierResourceVersion() throws IOException {
    store.put(capture("shop", "web", selecting("all()")));
    store.put(capture("shop", "web", selecting("all()")));
    store.delete("shop", "web");

    PacketCapture again = store.put(capture("shop", "web", selecting("all()"))).stored();

    assertThat(again.getMetadata().getResourceVersion()).isEqualTo("3");
    assertThat(again.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void aCaptureWithoutNamespaceGoesToDefault() throws IOException {
    PacketCapture capture = capture("x", "web", selecting("all()"));
    capture.getMetadata().setNamespace(null);

    assertThat(store.put(capture).stored().getMetadata().getNamespace()).isEqualTo("default");
    assertThat(store.get("default", "web")).isPresent();
  }

  @Test
  void namesThatAreNotKubernetesNamesNeverReachTheDisk() {
    assertThatThrownBy(() -> store.put(capture("shop", "../etc", selecting("all()"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"../etc\"");
    assertThatThrownBy(() -> store.get("Shop", "web"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace \"Shop\"");
    assertThat(state.resolve("captures")).doesNotExist();
  }

  @Test
  void theVersionGrowsOnEveryWriteIncludingOnesByAnotherProcess() throws IOException {
    long empty = store.version();
    store.put(capture("shop", "web", selecting("all()")));
    long afterPut = store.version();
    assertThat(afterPut).isGreaterThan(empty);
    assertThat(store.version()).as("unchanged while nothing is written").isEqualTo(afterPut);

    // Another process (another store on the same directory) writes.
    new FileCaptureStore(store.root(), InstantSource.fixed(NOW))
        .put(capture("shop", "db", selecting("all()")));

    assertThat(store.version()).isGreaterThan(afterPut);
  }

  @Test
  void listenersHearOfEveryWriteUntilTheyUnsubscribe() throws IOException {
    AtomicInteger heard = new AtomicInteger();
    CaptureStore.Subscription subscription = store.onChange(heard::incrementAndGet);

    PacketCapture stored = store.put(capture("shop", "web", selecting("all()"))).stored();
    store.updateStatus(
        "shop",
        "web",
        stored.getMetadata().getResourceVersion(),
        statusOf("n", CaptureState.CAPTURING));
    store.delete("shop", "web");
    subscription.close();
    store.put(capture("shop", "web", selecting("all()")));

    assertThat(heard).hasValue(3);
  }

  @Test
  void aDamagedFileIsSkippedInListsButReportedByGet() throws IOException {
    store.put(capture("shop", "web", selecting("all()")));
    Files.writeString(state.resolve("captures/shop/db.yaml"), "kind: [unclosed");

    assertThat(store.list()).extracting(c -> c.getMetadata().getName()).containsExactly("web");
    assertThatThrownBy(() -> store.get("shop", "db"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("db.yaml");
  }

  @Test
  void returnedObjectsAreCopies() throws IOException {
    PacketCapture stored =
        store
            .put(
                capture(
                    "shop",
                    "web",
                    PacketCaptureSpec.builder()
                        .filter(CaptureFilter.of(new IntOrString("TCP")))
                        .build()))
            .stored();
    stored.getMetadata().setName("changed");

    assertThat(store.get("shop", "web").orElseThrow().getMetadata().getName()).isEqualTo("web");
  }
}
