package io.kcap.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CapabilitiesTest {

  @Test
  void theEffectiveSetIsReadFromTheProcessStatus() {
    String status = "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t0000000000201000\n";

    Capabilities caps = Capabilities.parse(status);

    assertThat(caps.has(Capabilities.NET_ADMIN)).isTrue();
    assertThat(caps.has(Capabilities.SYS_ADMIN)).isTrue();
    assertThat(caps.canManageSandbox()).isTrue();
  }

  @Test
  void withoutNetAdminTheSandboxCannotBeManaged() {
    // Everything root has, less CAP_NET_ADMIN (bit 12).
    Capabilities caps = Capabilities.parse("CapEff:\t000001ffffffefff\n");

    assertThat(caps.has(Capabilities.NET_ADMIN)).isFalse();
    assertThat(caps.canManageSandbox()).isFalse();
  }

  @Test
  void testsRunAsRootSoThisProcessCanManageTheSandbox() {
    assertThat(Capabilities.ofThisProcess().canManageSandbox()).isTrue();
  }
}
