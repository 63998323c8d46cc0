package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrafficPolicyTest {

  private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
  private static final Instant LATER = START.plusSeconds(3_600);
  private static final int KEYS = 20_000;

  private static TrafficPolicy championTwoWithChallengerThreeAt(double weight) {
    return TrafficPolicy.initial("2", START, "start")
        .withChallenger(Optional.of(new TrafficPolicy.Challenger("3", weight)));
  }

  private static long challengerShare(TrafficPolicy traffic, String prefix) {
    return IntStream.range(0, KEYS)
        .filter(i -> traffic.variantFor(prefix + i).equals(TrafficPolicy.CHALLENGER))
        .count();
  }

  @Test
  void aChallengerAtWeightTenPercentAnswersAboutTenPercentOfKeys() {
    TrafficPolicy traffic = championTwoWithChallengerThreeAt(0.1);

    double share = challengerShare(traffic, "customer-") / (double) KEYS;

    // 20 000 keys: the binomial standard deviation is 0.2 percentage points; allow 5 of them.
    assertThat(share).isCloseTo(0.1, within(0.01));
  }

  @Test
  void theSameKeyAlwaysGetsTheSameVariantAndRaisingTheWeightOnlyMovesKeysToTheChallenger() {
    TrafficPolicy tenPercent = championTwoWithChallengerThreeAt(0.1);
    TrafficPolicy thirtyPercent = championTwoWithChallengerThreeAt(0.3);

    for (int i = 0; i < 2_000; i++) {
      String key = "request-" + i;
      String variant = tenPercent.variantFor(key);
      assertThat(tenPercent.variantFor(key)).isEqualTo(variant);
      if (variant.equals(TrafficPolicy.CHALLENGER)) {
        assertThat(thirtyPercent.variantFor(key)).isEqualTo(TrafficPolicy.CHALLENGER);
      }
    }
    assertThat(TrafficPolicy.unitHash("request-7")).isEqualTo(TrafficPolicy.unitHash("request-7"));
  }

  @Test
  void weightZeroAndOneSendNothingAndEverythingToTheChallenger() {
    assertThat(challengerShare(championTwoWithChallengerThreeAt(0), "k")).isZero();
    assertThat(challengerShare(championTwoWithChallengerThreeAt(1), "k")).isEqualTo(KEYS);
    assertThat(TrafficPolicy.initial("2", START, "start").variantFor("any"))
        .isEqualTo(TrafficPolicy.CHAMPION);
  }

  @Test
  void promotingRemembersThePreviousChampionAndClearsRolesOfTheNewOne() {
    TrafficPolicy traffic = championTwoWithChallengerThreeAt(0.2).withShadow(Optional.of("3"));

    TrafficPolicy promoted = traffic.promote("3", LATER, "version 3 loaded");

    assertThat(promoted.champion()).isEqualTo("3");
    assertThat(promoted.previousChampion()).contains("2");
    assertThat(promoted.championSince()).isEqualTo(LATER);
    assertThat(promoted.challenger()).isEmpty();
    assertThat(promoted.shadow()).isEmpty();
    assertThat(promoted.history())
        .extracting(TrafficPolicy.Change::champion, TrafficPolicy.Change::reason)
        .containsExactly(tuple("2", "start"), tuple("3", "version 3 loaded"));
  }

  @Test
  void rollingBackLeavesNothingToRollBackToAndClearsRolesOfTheRestoredChampion() {
    TrafficPolicy traffic =
        TrafficPolicy.initial("2", START, "start")
            .promote("3", START, "version 3 loaded")
            .withChallenger(Optional.of(new TrafficPolicy.Challenger("1", 0.1)))
            .withShadow(Optional.of("2"));

    TrafficPolicy rolledBack = traffic.rollBackTo("2", LATER, "accuracy dropped");

    assertThat(rolledBack.champion()).isEqualTo("2");
    assertThat(rolledBack.championSince()).isEqualTo(LATER);
    assertThat(rolledBack.shadow()).isEmpty();
    assertThat(rolledBack.challenger()).contains(new TrafficPolicy.Challenger("1", 0.1));
    assertThat(rolledBack.previousChampion()).isEmpty();
    assertThat(rolledBack.history())
        .last()
        .extracting(TrafficPolicy.Change::reason)
        .isEqualTo("accuracy dropped");
  }

  @Test
  void historyKeepsTheLastTwentyChampionChanges() {
    TrafficPolicy traffic = TrafficPolicy.initial("0", START, "start");
    for (int v = 1; v <= 30; v++) {
      traffic = traffic.promote(Integer.toString(v), START.plusSeconds(v), "version " + v);
    }

    assertThat(traffic.history()).hasSize(TrafficPolicy.HISTORY_SIZE);
    assertThat(traffic.history().get(0).champion()).isEqualTo("11");
    assertThat(traffic.history()).last().extracting(TrafficPolicy.Change::champion).isEqualTo("30");
  }

  @Test
  void refusesAChallengerWeightOutsideZeroToOne() {
    assertThatThrownBy(() -> new TrafficPolicy.Challenger("3", 1.5))
        .hasMessageContaining("weight must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> new TrafficPolicy.Challenger("3", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
