package io.driftwatch.stats.concept;

import static io.driftwatch.stats.concept.ErrorStreams.CHANGE_POINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdwinTest {

  /** Over seeds 1..100 the delay after the step ranged from 23 to 87 events (clock 32). */
  private static final int STEP_DETECTION_BOUND = 150;

  @Test
  void defaultsAreThoseOfMoaAndRiver() {
    assertThat(Adwin.Config.defaults()).isEqualTo(new Adwin.Config(0.002, 5, 5, 32));
  }

  @Test
  void detectsAStepFromTenToFiftyPercentErrorsWithin150Events() {
    for (long seed = 1; seed <= 20; seed++) {
      List<DetectorState> states =
          ErrorStreams.run(new Adwin(), ErrorStreams.step(seed, 0.1, 0.5, 3000));

      List<Integer> drifts = ErrorStreams.drifts(states);
      assertThat(drifts).as("seed %d", seed).isNotEmpty();
      assertThat(drifts.get(0))
          .as("seed %d: first drift", seed)
          .isBetween(CHANGE_POINT, CHANGE_POINT + STEP_DETECTION_BOUND);
    }
  }

  @Test
  void keepsOnlyTheNewConceptOnceTheStepIsDetected() {
    Adwin adwin = new Adwin();
    double[] errors = ErrorStreams.step(42, 0.1, 0.5, 4000);

    ErrorStreams.run(adwin, errors);

    // Every value before the change point has been cut away, so the window mean is the new rate.
    assertThat(adwin.observations()).isLessThanOrEqualTo(4000 - CHANGE_POINT);
    assertThat(adwin.errorRate()).isCloseTo(0.5, within(0.05));
  }

  @Test
  void raisesNoDriftOverAHundredThousandStationaryTwentyPercentErrors() {
    Adwin adwin = new Adwin();

    List<DetectorState> states = ErrorStreams.run(adwin, ErrorStreams.stationary(7, 0.2, 100_000));

    assertThat(ErrorStreams.drifts(states)).isEmpty();
    assertThat(adwin.observations()).isEqualTo(100_000);
    assertThat(adwin.errorRate()).isCloseTo(0.2, within(0.005));
  }

  @Test
  void holdsLogarithmicallyManyBucketsForItsWindow() {
    Adwin adwin = new Adwin();

    ErrorStreams.run(adwin, ErrorStreams.stationary(3, 0.2, 100_000));

    // maxBuckets per row, one row per power of two up to the window length (2^17 > 100,000).
    assertThat(adwin.buckets()).isLessThanOrEqualTo(5 * 17);
    assertThat(adwin.toByteArray().length).isLessThan(2048);
  }

  @Test
  void windowMeanAndVarianceEqualThoseOfTheLastObservationsAfterEveryCut() {
    Adwin adwin = new Adwin(new Adwin.Config(0.002, 5, 5, 1));
    SplittableRandom random = new SplittableRandom(11);
    List<Double> history = new ArrayList<>();
    int cuts = 0;
    for (int i = 0; i < 6000; i++) {
      double rate = (i / 1500) % 2 == 0 ? 0.1 : 0.6;
      double loss = random.nextDouble() < rate ? random.nextDouble() * 0.5 + 0.5 : 0.0;
      history.add(loss);
      if (adwin.update(loss) == DetectorState.DRIFT) {
        cuts++;
      }
      List<Double> window =
          history.subList(history.size() - (int) adwin.observations(), history.size());
      double mean = window.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double variance =
          window.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / window.size();
      assertThat(adwin.errorRate()).as("mean at %d", i).isCloseTo(mean, within(1e-9));
      assertThat(adwin.windowVariance()).as("variance at %d", i).isCloseTo(variance, within(1e-9));
    }
    assertThat(cuts).isGreaterThanOrEqualTo(3);
  }

  @Test
  void cutsExactlyWhereTheCutRuleDoesWhenEveryBucketHoldsOneValue() {
    // maxBuckets 1000 keeps every value in its own bucket, clock 1 tests after every value, so
    // ADWIN must cut exactly where the rule applied to every split point of the raw window does.
    Adwin.Config config = new Adwin.Config(0.002, 1000, 5, 1);
    Adwin adwin = new Adwin(config);
    SplittableRandom random = new SplittableRandom(5);
    List<Double> window = new ArrayList<>();
    int cuts = 0;
    for (int i = 0; i < 900; i++) {
      double rate = i < 300 ? 0.1 : i < 600 ? 0.7 : 0.2;
      double error = random.nextDouble() < rate ? 1 : 0;
      window.add(error);
      boolean expectedCut = false;
      while (bruteForceCut(window, config)) {
        window.remove(0);
        expectedCut = true;
      }

      DetectorState state = adwin.update(error);

      assertThat(state)
          .as("state at %d", i)
          .isEqualTo(expectedCut ? DetectorState.DRIFT : DetectorState.STABLE);
      assertThat(adwin.observations()).as("width at %d", i).isEqualTo(window.size());
      cuts += expectedCut ? 1 : 0;
    }
    assertThat(cuts).isGreaterThanOrEqualTo(2);
  }

  /** The ADWIN cut rule over every split of an explicit window, oldest split first. */
  private static boolean bruteForceCut(List<Double> window, Adwin.Config config) {
    int n = window.size();
    double total = window.stream().mapToDouble(Double::doubleValue).sum();
    double mean = total / n;
    double variance = window.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / n;
    double deltaPrime = Math.log(2 * Math.log(n) / config.delta());
    double sum0 = 0;
    for (int n0 = 1; n0 < n; n0++) {
      sum0 += window.get(n0 - 1);
      int n1 = n - n0;
      if (n0 <= config.minWindow() + 1 || n1 <= config.minWindow() + 1) {
        continue;
      }
      double m = 1.0 / (n0 - config.minWindow() + 1) + 1.0 / (n1 - config.minWindow() + 1);
      double epsilon = Math.sqrt(2 * m * variance * deltaPrime) + 2.0 / 3.0 * deltaPrime * m;
      if (Math.abs(sum0 / n0 - (total - sum0) / n1) > epsilon) {
        return true;
      }
    }
    return false;
  }

  @Test
  void detectsADecreaseOfTheErrorRateToo() {
    List<DetectorState> states =
        ErrorStreams.run(new Adwin(), ErrorStreams.step(9, 0.5, 0.1, 3000));

    assertThat(ErrorStreams.firstDriftFrom(states, 0))
        .isBetween(CHANGE_POINT, CHANGE_POINT + STEP_DETECTION_BOUND);
  }

  @Test
  void restoredCopyContinuesTheStreamExactlyLikeTheOriginal() {
    double[] errors = ErrorStreams.step(21, 0.1, 0.5, 4000);
    Adwin original = new Adwin();
    for (int i = 0; i < 1017; i++) {
      original.update(errors[i]);
    }

    Adwin restored = Adwin.fromByteArray(original.toByteArray());

    assertThat(restored.toByteArray()).isEqualTo(original.toByteArray());
    for (int i = 1017; i < errors.length; i++) {
      assertThat(restored.update(errors[i]))
          .as("state at %d", i)
          .isEqualTo(original.update(errors[i]));
      assertThat(restored.observations()).isEqualTo(original.observations());
      assertThat(restored.errorRate()).isEqualTo(original.errorRate());
    }
  }

  @Test
  void copyIsIndependentOfTheOriginal() {
    Adwin original = new Adwin();
    original.update(1);

    Adwin copy = original.copy();
    copy.update(0);

    assertThat(original.observations()).isEqualTo(1);
    assertThat(copy.observations()).isEqualTo(2);
    assertThat(copy.errorRate()).isEqualTo(0.5);
  }

  @Test
  void acceptsLossesBetweenZeroAndOneButNothingOutside() {
    Adwin adwin = new Adwin();
    adwin.update(0.25);

    assertThatThrownBy(() -> adwin.update(1.5)).hasMessageContaining("error must be in [0, 1]");
    assertThatThrownBy(() -> adwin.update(Double.NaN)).hasMessageContaining("was NaN");
    assertThat(adwin.observations()).isEqualTo(1);
    assertThat(adwin.errorRate()).isEqualTo(0.25);
  }

  @Test
  void reportsNoErrorRateBeforeTheFirstObservation() {
    assertThat(new Adwin().errorRate()).isNaN();
  }

  @Test
  void configNamesTheInvalidArgument() {
    assertThatThrownBy(() -> new Adwin.Config(0, 5, 5, 32)).hasMessageContaining("delta");
    assertThatThrownBy(() -> new Adwin.Config(0.002, 0, 5, 32)).hasMessageContaining("maxBuckets");
    assertThatThrownBy(() -> new Adwin.Config(0.002, 5, 0, 32)).hasMessageContaining("minWindow");
    assertThatThrownBy(() -> new Adwin.Config(0.002, 5, 5, 0)).hasMessageContaining("clock");
  }

  @Test
  void refusesTruncatedOrForeignBytes() {
    byte[] bytes = new Adwin().toByteArray();

    assertThatThrownBy(() -> Adwin.fromByteArray(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated adwin state");
    assertThatThrownBy(() -> Adwin.fromByteArray(new Ddm().toByteArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not adwin state");
  }
}
