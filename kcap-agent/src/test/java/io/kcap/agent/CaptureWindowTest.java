package io.kcap.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.agent.CaptureWindow.Phase;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaptureWindowTest {
  private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");
  private static final Instant ONE = Instant.parse("2026-11-23T13:00:00Z");

  @Test
  void withoutTimesItCapturesFromNowUntilDeleted() {
    CaptureWindow window = CaptureWindow.always();

    assertThat(window.phaseAt(NOON)).isEqualTo(Phase.ACTIVE);
    assertThat(window.phaseAt(Instant.MAX)).isEqualTo(Phase.ACTIVE);
    assertThat(window.nextChangeAfter(NOON)).isEmpty();
  }

  @Test
  void aStartInTheFutureIsScheduledAndWakesTheAgentAtThatStart() {
    CaptureWindow window = new CaptureWindow(Optional.of(ONE), Optional.empty());

    assertThat(window.phaseAt(NOON)).isEqualTo(Phase.SCHEDULED);
    assertThat(window.nextChangeAfter(NOON)).hasValue(ONE);
    assertThat(window.phaseAt(ONE)).isEqualTo(Phase.ACTIVE);
  }

  @Test
  void aStartInThePastStartsImmediately() {
    CaptureWindow window = new CaptureWindow(Optional.of(NOON), Optional.empty());

    assertThat(window.phaseAt(ONE)).isEqualTo(Phase.ACTIVE);
  }

  @Test
  void theEndIsExclusiveAndFinishesTheCaptureForGood() {
    CaptureWindow window = new CaptureWindow(Optional.of(NOON), Optional.of(ONE));

    assertThat(window.phaseAt(ONE.minusNanos(1))).isEqualTo(Phase.ACTIVE);
    assertThat(window.nextChangeAfter(NOON)).hasValue(ONE);
    assertThat(window.phaseAt(ONE)).isEqualTo(Phase.FINISHED);
    assertThat(window.nextChangeAfter(ONE)).isEmpty();
  }

  @Test
  void anEndMovedIntoThePastStopsAtOnce() {
    CaptureWindow before = new CaptureWindow(Optional.empty(), Optional.of(ONE.plusSeconds(60)));
    CaptureWindow after = new CaptureWindow(Optional.empty(), Optional.of(NOON));

    assertThat(before.phaseAt(ONE)).isEqualTo(Phase.ACTIVE);
    assertThat(after.phaseAt(ONE)).isEqualTo(Phase.FINISHED);
  }

  @Test
  void anEndThatIsNotAfterTheStartIsRefusedWithBothTimes() {
    assertThatThrownBy(() -> new CaptureWindow(Optional.of(ONE), Optional.of(NOON)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("end time 2026-11-23T12:00:00Z is not after start time 2026-11-23T13:00:00Z");
  }
}
