package io.kcap.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesNamesTest {

  @ParameterizedTest(name = "namespace \"{0}\" valid: {1}")
  @CsvSource({
    "shop, true",
    "kube-system, true",
    "a, true",
    "0abc9, true",
    "Shop, false",
    "shop.eu, false",
    "-shop, false",
    "shop-, false",
    "sh_op, false",
    "'', false",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, true",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
  })
  void namespacesAreDnsLabelsOfAtMost63Characters(String namespace, boolean valid) {
    assertThat(KubernetesNames.checkNamespace(namespace).isEmpty()).isEqualTo(valid);
  }

  @ParameterizedTest(name = "pod name \"{0}\" valid: {1}")
  @CsvSource({
    "web-1, true",
    "web.1, true",
    "web-7d9f8b6c5-x2x4z, true",
    "Web-1, false",
    "web_1, false",
    "web..1, false",
    ".web, false",
    "web., false",
    "'', false",
  })
  void podNamesAreDnsSubdomains(String name, boolean valid) {
    assertThat(KubernetesNames.checkPodName(name).isEmpty()).isEqualTo(valid);
  }

  @ParameterizedTest(name = "label key \"{0}\" valid: {1}")
  @CsvSource({
    "app, true",
    "App_Name.v2, true",
    "app.kubernetes.io/name, true",
    "projectcalico.org/namespace, true",
    "example.com/Tier_1, true",
    "/app, false",
    "example.com/, false",
    "Example.com/app, false",
    "app-, false",
    "_app, false",
    "a/b/c, false",
    "'', false",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
  })
  void labelKeysAreAnOptionalDnsPrefixAndAQualifiedName(String key, boolean valid) {
    assertThat(KubernetesNames.checkLabelKey(key).isEmpty()).isEqualTo(valid);
  }

  @ParameterizedTest(name = "label value \"{0}\" valid: {1}")
  @CsvSource({
    "web, true",
    "'', true",
    "v1.2_3-rc, true",
    "1, true",
    "-web, false",
    "web app, false",
    "a/b, false",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
  })
  void labelValuesAreEmptyOrQualifiedNames(String value, boolean valid) {
    assertThat(KubernetesNames.checkLabelValue(value).isEmpty()).isEqualTo(valid);
  }

  @org.junit.jupiter.api.Test
  void problemsQuoteTheValueAndTheLimit() {
    assertThat(KubernetesNames.checkNamespace("Shop"))
        .hasValueSatisfying(p -> assertThat(p).contains("\"Shop\"").contains("DNS-1123 label"));
    assertThat(KubernetesNames.checkLabelValue("x".repeat(64)))
        .hasValueSatisfying(p -> assertThat(p).contains("64 characters").contains("limit of 63"));
  }
}
