package io.driftwatch.benchmarks.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChangeScenarioTest {

  private static final long CHANGE_AT = 1000;

  @Test
  void abruptChangeJumpsAtTheChangePoint() {
    ChangeScenario scenario = ChangeScenario.abrupt(0.1, 0.5, CHANGE_AT);

    assertThat(scenario.rateAt(CHANGE_AT - 1)).isEqualTo(0.1);
    assertThat(scenario.rateAt(CHANGE_AT)).isEqualTo(0.5);
  }

  @Test
  void linearRampReachesHalfwayInTheMiddleAndTheEndAfterItsWidth() {
    ChangeScenario scenario = ChangeScenario.linear(0.1, 0.5, CHANGE_AT, 2000);

    assertThat(scenario.rateAt(CHANGE_AT)).isEqualTo(0.1);
    assertThat(scenario.rateAt(CHANGE_AT + 1000)).isCloseTo(0.3, within(1e-12));
    assertThat(scenario.rateAt(CHANGE_AT + 2000)).isCloseTo(0.5, within(1e-12));
    assertThat(scenario.rateAt(CHANGE_AT + 5000)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void sigmoidRampIsSlowAtTheEndsAndSteepInTheMiddle() {
    ChangeScenario scenario = ChangeScenario.sigmoid(0.2, 0.4, CHANGE_AT, 2000);

    assertThat(scenario.rateAt(CHANGE_AT)).isCloseTo(0.2, within(1e-12));
    assertThat(scenario.rateAt(CHANGE_AT + 1000)).isCloseTo(0.3, within(1e-12));
    assertThat(scenario.rateAt(CHANGE_AT + 2000)).isCloseTo(0.4, within(1e-12));
    // a quarter of the way in, the logistic curve has done less than a quarter of the change
    assertThat(scenario.rateAt(CHANGE_AT + 500)).isLessThan(0.2 + 0.2 * 0.25);
  }

  @Test
  void sameSeedGivesTheSameStreamAndTheRateIsHonoured() {
    ChangeScenario scenario = ChangeScenario.stationary(0.2);
    ErrorStream first = new ErrorStream(scenario, 42);
    ErrorStream second = new ErrorStream(scenario, 42);
    double errors = 0;
    for (int i = 0; i < 100_000; i++) {
      double error = first.next();
      assertThat(second.next()).isEqualTo(error);
      errors += error;
    }

    assertThat(errors / 100_000).isCloseTo(0.2, within(0.005));
    assertThat(first.index()).isEqualTo(100_000);
  }

  @Test
  void gradualShapesNeedAWidth() {
    assertThatThrownBy(() -> ChangeScenario.linear(0.1, 0.5, CHANGE_AT, 0))
        .hasMessageContaining("width");
  }
}
