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

class InventoryTest {
  @TempDir Path dir;

  @Test
  void endpointsSurviveAWriteAndReadIncludingValuesThatLookLikeNumbersOrBooleans() {
    Inventory written =
        new Inventory(
            List.of(
                new Endpoint(
                    "shop",
                    "web-1",
                    Map.of(
                        "app", "web",
                        "version", "1",
                        "ratio", "1.10",
                        "enabled", "true",
                        "norway", "no",
                        "onoff", "on",
                        "hex", "0x1F",
                        "empty", "",
                        "example.com/tier", "front"),
                    List.of("10.240.0.1", "fd00::1"),
                    "cali4bb4d25ba31",
                    "node-1",
                    "web-sa"),
                new Endpoint("shop", "db-1", Map.of(), List.of(), "cali0000000001", "node-1")));
    Path file = dir.resolve("inventory.yaml");

    written.write(file);

    assertThat(Inventory.read(file, "other-node")).isEqualTo(written);
  }

  @Test
  void missingOptionalFieldsTakeTheirDefaults() throws IOException {
    Path file =
        write(
            """
            endpoints:
              - {namespace: shop, name: web-1, interface: veth-web}
            """);

    Endpoint endpoint = Inventory.read(file, "this-node").endpoints().getFirst();

    assertThat(endpoint)
        .isEqualTo(
            new Endpoint("shop", "web-1", Map.of(), List.of(), "veth-web", "this-node", "default"));
  }

  @Test
  void anEmptyFileIsAnEmptyInventory() throws IOException {
    assertThat(Inventory.read(write(""), "n").endpoints()).isEmpty();
  }

  @Test
  void everyProblemIsReportedWithTheFileTheLineAndTheEntry() throws IOException {
    Path file =
        write(
            """
            endpoints:
              - namespace: shop
                name: web-1
                interface: cali4bb4d25ba31
              - {namespace: shop, name: web-1, interface: cali2}
              - {namespace: Shop, name: db, interface: cali3}
              - {namespace: shop, name: x, interfce: cali4}
              - {namespace: shop, name: y, interface: cali5, labels: {tier: 1}}
            nodes: []
            """);

    assertThatThrownBy(() -> Inventory.read(file, "n"))
        .isInstanceOf(AgentException.class)
        .hasMessage(
            String.join(
                "\n",
                file + ":9: nodes: unknown field (known: endpoints)",
                file + ":5: endpoints[1]: shop/web-1 is already listed as endpoints[0]",
                file
                    + ":6: endpoints[2]: endpoint Shop/db: namespace \"Shop\" must be lowercase"
                    + " letters, digits or '-', starting and ending with a letter or digit (a"
                    + " DNS-1123 label)",
                file
                    + ":7: endpoints[3]: unknown field \"interfce\" (known: namespace, name, labels,"
                    + " serviceAccount, ips, interface, node)",
                file + ":7: endpoints[3].interface: is required",
                file
                    + ":8: endpoints[4].labels.tier: expected a string, got the number 1 (quote it:"
                    + " \"1\")"));
  }

  @Test
  void aYamlSyntaxErrorNamesTheLine() throws IOException {
    Path file =
        write(
            """
            endpoints:
              - {namespace: shop, name: web-1
              - {namespace: shop, name: web-2}
            """);

    assertThatThrownBy(() -> Inventory.read(file, "n"))
        .isInstanceOf(AgentException.class)
        .hasMessageStartingWith(file + ":3: YAML syntax error: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void writingReplacesTheFileWholeAndLeavesNoTemporaryFileBehind() throws IOException {
    Path file = dir.resolve("inventory.yaml");
    new Inventory(List.of(new Endpoint("shop", "web-1", Map.of(), List.of(), "cali1", "n")))
        .write(file);
    new Inventory(List.of()).write(file);

    assertThat(Inventory.read(file, "n").endpoints()).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("inventory.yaml"), yaml);
  }
}
