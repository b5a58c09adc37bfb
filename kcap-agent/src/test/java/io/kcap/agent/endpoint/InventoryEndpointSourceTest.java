package io.kcap.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryEndpointSourceTest {
  @TempDir Path dir;

  private static final Endpoint WEB =
      new Endpoint("shop", "web-1", Map.of("app", "web"), List.of("10.240.0.1"), "cali1", "n");
  private static final Endpoint DB =
      new Endpoint("shop", "db-1", Map.of("app", "db"), List.of("10.240.0.2"), "cali2", "n");

  @Test
  void aMissingInventoryIsTheEmptyVersionZero() {
    InventoryEndpointSource source =
        new InventoryEndpointSource(dir.resolve("inventory.yaml"), "n");

    assertThat(source.snapshot()).isEqualTo(EndpointSnapshot.EMPTY);
  }

  @Test
  void theVersionGrowsWhenTheEndpointsChangeAndOnlyThen() {
    Path file = Inventory.in(dir);
    InventoryEndpointSource source = new InventoryEndpointSource(file, "n");

    new Inventory(List.of(WEB)).write(file);
    EndpointSnapshot first = source.snapshot();
    assertThat(first.version()).isEqualTo(1);
    assertThat(first.endpoints()).containsExactly(WEB);
    assertThat(source.snapshot()).isSameAs(first);

    new Inventory(List.of(WEB)).write(file);
    assertThat(source.snapshot()).isEqualTo(first);

    new Inventory(List.of(WEB, DB)).write(file);
    EndpointSnapshot second = source.snapshot();
    assertThat(second.version()).isEqualTo(2);
    assertThat(second.find("shop", "db-1")).contains(DB);

    new Inventory(List.of(WEB, DB)).write(file);
    assertThat(source.snapshot().version()).isEqualTo(2);
  }

  @Test
  void deletingTheInventoryRemovesEveryEndpoint() throws IOException {
    Path file = Inventory.in(dir);
    InventoryEndpointSource source = new InventoryEndpointSource(file, "n");
    new Inventory(List.of(WEB)).write(file);
    source.snapshot();

    Files.delete(file);

    assertThat(source.snapshot()).isEqualTo(new EndpointSnapshot(2, List.of()));
  }

  @Test
  void aMalformedInventoryFailsEachSnapshotUntilItIsFixed() throws IOException {
    Path file = Inventory.in(dir);
    InventoryEndpointSource source = new InventoryEndpointSource(file, "n");
    new Inventory(List.of(WEB)).write(file);
    EndpointSnapshot good = source.snapshot();

    Files.writeString(file, "endpoints: [ {namespace: shop\n");
    assertThatThrownBy(source::snapshot)
        .isInstanceOf(AgentException.class)
        .hasMessageStartingWith(file + ":");
    assertThatThrownBy(source::snapshot).isInstanceOf(AgentException.class);

    new Inventory(List.of(WEB)).write(file);
    assertThat(source.snapshot()).isEqualTo(good);
  }

  @Test
  void entriesWithoutANodeAreOnTheSourcesNode() throws IOException {
    Path file =
        Files.writeString(
            Inventory.in(dir), "endpoints:\n- {namespace: a, name: b, interface: veth1}\n");

    assertThat(new InventoryEndpointSource(file, "node-7").snapshot().endpoints())
        .singleElement()
        .extracting(Endpoint::node)
        .isEqualTo("node-7");
  }
}
