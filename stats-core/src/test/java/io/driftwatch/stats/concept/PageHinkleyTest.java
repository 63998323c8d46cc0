package io.driftwatch.stats.concept;

import static io.driftwatch.stats.concept.DetectorState.DRIFT;
import static io.driftwatch.stats.concept.DetectorState.STABLE;
import static io.driftwatch.stats.concept.ErrorStreams.CHANGE_POINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageHinkleyTest {

  /**
   * With lambda 100 and no forgetting the mean delay after a 0.1 → 0.5 step is about 243 events
   * (DetectorBenchmark); 600 leaves room for the slowest of seeds 1..20.
   */
  private static final int STEP_DETECTION_BOUND = 600;

  @Test
  void defaultsArePagesTestWithoutForgettingAndMoaKeepsItsOwn() {
    assertThat(PageHinkley.Config.defaults()).isEqualTo(new PageHinkley.Config(30, 0.005, 100, 1));
    assertThat(PageHinkley.Config.moa()).isEqualTo(new PageHinkley.Config(30, 0.005, 50, 0.9999));
  }

  @Test
  void driftsOnAHandCheckedSequence() {
    // delta 0, alpha 1, lambda 1.5: four correct predictions keep m at 0; then errors add
    // 1 - 1/5 = 0.8, 1 - 2/6 = 0.667 (m = 1.467) and 1 - 3/7 = 0.571 (m = 2.038 > 1.5).
    PageHinkley detector = new PageHinkley(new PageHinkley.Config(1, 0, 1.5, 1));

    List<DetectorState> states = ErrorStreams.run(detector, new double[] {0, 0, 0, 0, 1, 1, 1});

    assertThat(states).containsExactly(STABLE, STABLE, STABLE, STABLE, STABLE, STABLE, DRIFT);
    assertThat(detector.statistic()).isCloseTo(0.8 + 4.0 / 6 + 4.0 / 7, within(1e-12));
    assertThat(detector.errorRate()).isCloseTo(3.0 / 7, within(1e-12));
  }

  @Test
  void waitsForMinInstancesBeforeReportingADrift() {
    PageHinkley detector = new PageHinkley(new PageHinkley.Config(10, 0, 1.5, 1));

    List<DetectorState> states =
        ErrorStreams.run(detector, new double[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 1});

    assertThat(ErrorStreams.drifts(states)).containsExactly(9);
  }

  @Test
  void detectsAStepFromTenToFiftyPercentErrorsWithin600Events() {
    for (long seed = 1; seed <= 20; seed++) {
      List<DetectorState> states =
          ErrorStreams.run(new PageHinkley(), ErrorStreams.step(seed, 0.1, 0.5, 3000));

      List<Integer> drifts = ErrorStreams.drifts(states);
      assertThat(drifts).as("seed %d", seed).isNotEmpty();
      assertThat(drifts.get(0))
          .as("seed %d: first drift", seed)
          .isBetween(CHANGE_POINT, CHANGE_POINT + STEP_DETECTION_BOUND);
    }
  }

  @Test
  void ignoresADecreaseOfTheErrorRate() {
    List<DetectorState> states =
        ErrorStreams.run(new PageHinkley(), ErrorStreams.step(9, 0.5, 0.1, 5000));

    assertThat(ErrorStreams.drifts(states)).isEmpty();
  }

  @Test
  void moaDefaultsRaiseFalseAlarmsOnStationaryErrors() {
    // Honest measurement, not a tuned pass: over 10 seeded runs of 10^5 Bernoulli(0.2) errors the
    // published defaults drifted 48 times (about one alarm per 20,000 stationary observations).
    // The forgetting factor pulls m_T back up towards -delta / (1 - alpha) after each dip, which
    // the test reads as an increase.
    int alarms = 0;
    for (long seed = 1; seed <= 10; seed++) {
      alarms +=
          ErrorStreams.drifts(
                  ErrorStreams.run(
                      new PageHinkley(PageHinkley.Config.moa()),
                      ErrorStreams.stationary(seed, 0.2, 100_000)))
              .size();
    }

    assertThat(alarms).isBetween(30, 70);
  }

  @Test
  void defaultsRaiseNoAlarmOverStationaryErrors() {
    int alarms = 0;
    for (long seed = 1; seed <= 10; seed++) {
      alarms +=
          ErrorStreams.drifts(
                  ErrorStreams.run(new PageHinkley(), ErrorStreams.stationary(seed, 0.2, 100_000)))
              .size();
    }

    assertThat(alarms).isZero();
  }

  @Test
  void forgetsEverythingWithTheObservationAfterADrift() {
    PageHinkley detector = new PageHinkley(new PageHinkley.Config(1, 0, 1.5, 1));
    ErrorStreams.run(detector, new double[] {0, 0, 0, 0, 1, 1, 1});
    assertThat(detector.observations()).isEqualTo(7);

    detector.update(1);

    assertThat(detector.observations()).isEqualTo(1);
    assertThat(detector.errorRate()).isEqualTo(1);
    assertThat(detector.statistic()).isZero();
  }

  @Test
  void restoredCopyContinuesTheStreamExactlyLikeTheOriginal() {
    double[] errors = ErrorStreams.step(8, 0.1, 0.5, 5000);
    PageHinkley original = new PageHinkley();
    for (int i = 0; i < 777; i++) {
      original.update(errors[i]);
    }

    DriftDetector restored = DriftDetectors.fromByteArray(original.toByteArray());

    assertThat(restored).isInstanceOf(PageHinkley.class);
    for (int i = 777; i < errors.length; i++) {
      assertThat(restored.update(errors[i]))
          .as("state at %d", i)
          .isEqualTo(original.update(errors[i]));
      assertThat(restored.errorRate()).isEqualTo(original.errorRate());
    }
  }

  @Test
  void acceptsLossesBetweenZeroAndOneButNothingOutside() {
    PageHinkley detector = new PageHinkley();
    detector.update(0.5);

    assertThatThrownBy(() -> detector.update(-0.1)).hasMessageContaining("error must be in [0, 1]");
    assertThat(detector.observations()).isEqualTo(1);
  }

  @Test
  void configNamesTheInvalidArgument() {
    assertThatThrownBy(() -> new PageHinkley.Config(0, 0.005, 50, 0.9999))
        .hasMessageContaining("minInstances");
    assertThatThrownBy(() -> new PageHinkley.Config(30, -1, 50, 0.9999))
        .hasMessageContaining("delta");
    assertThatThrownBy(() -> new PageHinkley.Config(30, 0.005, 0, 0.9999))
        .hasMessageContaining("lambda");
    assertThatThrownBy(() -> new PageHinkley.Config(30, 0.005, 50, 1.1))
        .hasMessageContaining("alpha");
  }
}
