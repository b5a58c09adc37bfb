package io.kcap.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.testkit.Tool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalicoNamesTest {

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "shop, web-1",
    "default, nginx",
    "kube-system, coredns-5d78c9869d-abcde",
    "a, b.c",
  })
  void theVethNameIsCaliAndElevenHexDigitsOfTheSha1OfNamespaceDotName(String ns, String pod) {
    // sha1sum is the oracle: the same digest computed outside Java.
    String digest =
        Tool.output("sh", "-c", "printf '%s' \"$1\" | sha1sum", "sh", ns + "." + pod)
            .split("\\s+")[0];

    String name = CalicoNames.vethNameForWorkload(ns, pod);

    assertThat(name).isEqualTo("cali" + digest.substring(0, 11)).hasSize(15);
  }
}
