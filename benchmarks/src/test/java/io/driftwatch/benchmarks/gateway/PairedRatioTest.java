package io.driftwatch.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PairedRatioTest {

  private static LoadPoint point(String target, int concurrency, long requests) {
    return new LoadPoint(
        target, concurrency, requests, 0, 1, requests / 1e6, 0, 0, new Histogram(3));
  }

  @Test
  void pairsTargetsWithinEachRoundAndReportsTheMedianRound() {
    // The echo's best round (300) and the gateway's best round (240) are different rounds: their
    // ratio, 0.80, is not one any round measured.
    List<List<LoadPoint>> rounds =
        List.of(
            List.of(point("echo", 4, 100), point("gw", 4, 90), point("gw", 16, 1)),
            List.of(point("echo", 4, 300), point("gw", 4, 150)),
            List.of(point("gw", 4, 240), point("echo", 4, 200)));

    PairedRatio ratio = PairedRatio.of(rounds, "gw", "echo", 4).orElseThrow();

    assertThat(ratio.perRound()).containsExactly(0.9, 0.5, 1.2);
    assertThat(ratio.median()).isCloseTo(0.9, within(1e-12));
    assertThat(ratio.min()).isEqualTo(0.5);
    assertThat(ratio.max()).isEqualTo(1.2);
  }

  @Test
  void aRoundWithoutBothTargetsIsLeftOut() {
    List<List<LoadPoint>> rounds =
        List.of(
            List.of(point("echo", 4, 100), point("gw", 4, 80)),
            List.of(point("echo", 4, 100)),
            List.of(point("echo", 4, 100), point("gw", 4, 60)));

    PairedRatio ratio = PairedRatio.of(rounds, "gw", "echo", 4).orElseThrow();

    assertThat(ratio.perRound()).containsExactly(0.8, 0.6);
    assertThat(ratio.median()).isCloseTo(0.7, within(1e-12));
    assertThat(PairedRatio.of(rounds, "gw", "echo", 64)).isEmpty();
  }

  @Test
  void pairsAnyMetricOfThePoints() {
    // Each point spent 1 µs of CPU per request, so every round's CPU ratio is 1.
    List<List<LoadPoint>> rounds = List.of(List.of(point("echo", 4, 100), point("gw", 4, 80)));

    assertThat(
            PairedRatio.of(rounds, "echo", "gw", 4, LoadPoint::cpuMicrosPerRequest)
                .orElseThrow()
                .perRound())
        .singleElement()
        .satisfies(r -> assertThat(r).isCloseTo(1.0, within(1e-9)));
  }
}
