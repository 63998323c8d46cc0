package io.driftwatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecisionLogTest {

  private static Decision recorded(int n) {
    return new Decision(
        Instant.parse("2026-12-01T22:00:00Z").plusSeconds(n),
        Action.RECORDED,
        "m",
        "1",
        "rule-" + n,
        "fp",
        "");
  }

  @Test
  void keepsTheMostRecentDecisionsNewestFirstUpToItsCapacity() {
    DecisionLog log = new DecisionLog(2);

    log.record(recorded(1));
    log.record(recorded(2));
    log.record(recorded(3));

    assertThat(log.recent()).extracting(Decision::rule).containsExactly("rule-3", "rule-2");
  }
}
