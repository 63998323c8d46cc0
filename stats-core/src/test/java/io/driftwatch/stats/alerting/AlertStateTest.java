package io.driftwatch.stats.alerting;

import static io.driftwatch.stats.alerting.AlertSamples.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AlertStateTest {

  @Test
  void everyShapeOfStateRoundTripsThroughBytes() {
    AlertState[] states = {
      AlertState.initial(),
      new AlertState(2, false, null, null, window(1)),
      new AlertState(3, true, window(2), null, window(4)),
      new AlertState(3, true, window(20), window(8), window(21)),
      new AlertState(0, false, null, Instant.parse("1969-12-31T23:59:59.123456789Z"), window(9)),
      new AlertState(3, true, window(20), window(8), window(21), Duration.ofSeconds(30)),
    };

    for (AlertState state : states) {
      assertThat(AlertState.fromByteArray(state.toByteArray())).isEqualTo(state);
    }
    assertThat(AlertState.initial().toByteArray()).hasSize(6);
    assertThat(states[3].toByteArray()).hasSize(42);
    assertThat(states[5].toByteArray()).hasSize(54);
  }

  @Test
  void readsTheFirstFormatWithoutAWindowLength() {
    AlertState state = new AlertState(3, true, window(2), null, window(4));
    byte[] formatOne = state.toByteArray();
    formatOne[0] = 1;

    assertThat(AlertState.fromByteArray(formatOne)).isEqualTo(state);
    assertThat(AlertState.fromByteArray(formatOne).windowLength()).isNull();
  }

  @Test
  void rejectsAnotherFormatTruncatedAndTrailingBytes() {
    byte[] bytes = new AlertState(3, true, window(2), null, window(4)).toByteArray();
    byte[] otherFormat = bytes.clone();
    otherFormat[0] = 3;

    assertThatThrownBy(() -> AlertState.fromByteArray(otherFormat))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 3");
    assertThatThrownBy(() -> AlertState.fromByteArray(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> AlertState.fromByteArray(Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  void firingRequiresAStartAndOnlyFiringHasOne() {
    assertThatThrownBy(() -> new AlertState(1, true, null, null, window(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("startsAt");
    assertThatThrownBy(() -> new AlertState(1, false, window(0), null, window(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("startsAt");
  }
}
