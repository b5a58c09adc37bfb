package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateDirOptionTest {
  private static final Path HOME = Path.of("/home/ana");

  @Test
  void theOptionWinsOverEverything() {
    assertThat(
            StateDirOption.resolve(
                Optional.of(Path.of("/tmp/k")), Map.of("KCAP_STATE_DIR", "/srv/kcap"), true, HOME))
        .isEqualTo(Path.of("/tmp/k"));
  }

  @Test
  void theEnvironmentVariableComesNext() {
    assertThat(
            StateDirOption.resolve(
                Optional.empty(), Map.of("KCAP_STATE_DIR", "/srv/kcap"), true, HOME))
        .isEqualTo(Path.of("/srv/kcap"));
  }

  @Test
  void rootDefaultsToVarLibKcap() {
    assertThat(StateDirOption.resolve(Optional.empty(), Map.of("KCAP_STATE_DIR", ""), true, HOME))
        .isEqualTo(Path.of("/var/lib/kcap"));
  }

  @Test
  void otherUsersDefaultToTheirXdgStateDirectory() {
    assertThat(StateDirOption.resolve(Optional.empty(), Map.of(), false, HOME))
        .isEqualTo(Path.of("/home/ana/.local/state/kcap"));
    assertThat(
            StateDirOption.resolve(
                Optional.empty(), Map.of("XDG_STATE_HOME", "/home/ana/state"), false, HOME))
        .isEqualTo(Path.of("/home/ana/state/kcap"));
  }
}
