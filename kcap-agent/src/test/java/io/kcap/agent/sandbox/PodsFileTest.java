package io.kcap.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodsFileTest {
  @TempDir Path dir;

  private Path pods(String yaml) throws IOException {
    return Files.writeString(dir.resolve("pods.yaml"), yaml);
  }

  @Test
  void podsAreReadInFileOrderWithTheDefaultNamespaceAndServiceAccount() throws IOException {
    Path file =
        pods(
            """
            pods:
              - {name: web-1, namespace: shop, labels: {app: web}}
              - name: db-1
                namespace: shop
                serviceAccount: db
                labels:
                  app: db
                  app.kubernetes.io/part-of: shop
              - {name: client}
            """);

    assertThat(PodsFile.read(file))
        .containsExactly(
            new PodSpec("shop", "web-1", Map.of("app", "web")),
            new PodSpec(
                "shop", "db-1", Map.of("app", "db", "app.kubernetes.io/part-of", "shop"), "db"),
            new PodSpec("default", "client", Map.of()));
  }

  @Test
  void everyProblemIsOneLineNamingTheFileTheLineAndTheEntry() throws IOException {
    Path file =
        pods(
            """
            pods:
              - {name: web-1, namespace: shop, labels: {app: web}}
              - {name: Web_1, namespace: shop}
              - {name: db-1, namespace: shop.eu}
              - {name: api, labels: {example.com/: x, tier: -front}}
              - {name: web-1, namespace: shop}
              - {namespace: shop}
              - {name: x, label: {app: x}}
              - {name: y, labels: {replicas: 3}}
              - just-a-name
            """);

    assertThatThrownBy(() -> PodsFile.read(file))
        .isInstanceOf(AgentException.class)
        .hasMessage(
            String.join(
                "\n",
                file
                    + ":3: pods[1] (shop/Web_1): name \"Web_1\" must be lowercase letters, digits,"
                    + " '-' or '.', starting and ending with a letter or digit (a DNS-1123"
                    + " subdomain)",
                file
                    + ":4: pods[2] (shop.eu/db-1): namespace \"shop.eu\" must be lowercase"
                    + " letters, digits or '-', starting and ending with a letter or digit (a"
                    + " DNS-1123 label)",
                file + ":5: pods[3] (default/api): label key \"example.com/\" has an empty name",
                file
                    + ":5: pods[3] (default/api): label value \"-front\" must be empty or letters,"
                    + " digits, '-', '_' or '.', starting and ending with a letter or digit",
                file + ":6: pods[4]: duplicate pod shop/web-1, first at pods[0] (line 2)",
                file + ":7: pods[5].name: is required",
                file
                    + ":8: pods[6]: unknown field \"label\" (known: name, namespace, labels,"
                    + " serviceAccount)",
                file
                    + ":9: pods[7].labels.replicas: expected a string, got the number 3 (quote"
                    + " it: \"3\")",
                file + ":10: pods[8]: expected a mapping like {name: web-1}"));
  }

  @Test
  void aYamlSyntaxErrorIsOneLineWithItsLine() throws IOException {
    Path file =
        pods(
            """
            pods:
              - {name: web-1, namespace: shop, labels: {app: web}
              - {name: web-2}
            """);

    assertThatThrownBy(() -> PodsFile.read(file))
        .hasMessageStartingWith(file + ":3: YAML syntax error: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aDuplicateKeyInAnEntryIsAnError() throws IOException {
    Path file = pods("pods:\n  - {name: web-1, name: web-2}\n");

    assertThatThrownBy(() -> PodsFile.read(file))
        .hasMessageStartingWith(file + ":2: ")
        .hasMessageContaining("name");
  }

  @Test
  void aFileWithoutPodsSaysWhatItExpects() throws IOException {
    assertThatThrownBy(() -> PodsFile.read(pods("")))
        .hasMessage(
            dir.resolve("pods.yaml")
                + ": no pods; expected `pods:` with a list like {name: web-1, namespace: shop}");
    assertThatThrownBy(() -> PodsFile.read(pods("pod:\n  - {name: web-1}\n")))
        .hasMessage(dir.resolve("pods.yaml") + ":1: pod: unknown field (known: pods)");
    assertThatThrownBy(() -> PodsFile.read(pods("- {name: web-1}\n")))
        .hasMessage(
            dir.resolve("pods.yaml") + ":1: expected a mapping of keys at the top of the file");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> PodsFile.read(missing)).hasMessage(missing + ": no such file");
  }
}
