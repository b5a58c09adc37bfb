package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaptureOptionsTest {
  @Test
  void defaultsAreTcpdumpsSnapLengthAPromiscuousCaptureAndNoLimits() {
    CaptureOptions options = CaptureOptions.on("eth0").build();
    assertThat(options.snapLength()).isEqualTo(262144);
    assertThat(options.ringSize()).isEqualTo(32L << 20);
    assertThat(options.promiscuous()).isTrue();
    assertThat(options.limits()).isEqualTo(CaptureLimits.NONE);
    assertThat(options.netns()).isEmpty();
    assertThat(options.filter()).isEmpty();
  }

  @Test
  void anInterfaceNameLongerThanLinuxAllowsIsRefused() {
    assertThatThrownBy(() -> CaptureOptions.on("a-very-long-iface").build())
        .hasMessage("interface name 'a-very-long-iface' has 17 characters; expected 1 to 15");
    assertThatThrownBy(() -> CaptureOptions.on("eth/0").build())
        .hasMessage("interface name 'eth/0' contains '/', which Linux does not allow");
  }

  @Test
  void aNamespaceNameMustBeAFileName() {
    assertThatThrownBy(() -> CaptureOptions.on("eth0").netns("../etc").build())
        .hasMessage("network namespace name '../etc' is not a file name under /var/run/netns");
  }

  @Test
  void outOfRangeNumbersNameTheValueAndTheLimit() {
    assertThatThrownBy(() -> CaptureOptions.on("eth0").snapLength(300000).build())
        .hasMessage("snap length 300000 is outside 1..262144");
    assertThatThrownBy(() -> CaptureOptions.on("eth0").ringSize(4096).build())
        .hasMessage("ring size 4096 bytes is outside 262144..1073741824");
    assertThatThrownBy(() -> CaptureOptions.on("eth0").blockTimeout(Duration.ofSeconds(11)).build())
        .hasMessage("block timeout 11000 ms is outside 1..10000 ms");
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> CaptureLimits.NONE.withMaxPackets(0))
        .hasMessage("packet limit 0 is below 1");
    assertThatThrownBy(() -> CaptureLimits.NONE.withMaxDuration(Duration.ZERO))
        .hasMessage("duration limit PT0S is not positive");
  }
}
