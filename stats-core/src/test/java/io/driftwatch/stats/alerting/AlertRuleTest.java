package io.driftwatch.stats.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRuleTest {

  @Test
  void equalityComparisonsHaveNoHysteresis() {
    AlertRule drifted = AlertRule.of("drift", "feature_drift", "drifted", Comparison.EQUAL, 1);

    assertThatThrownBy(() -> drifted.withResolveThreshold(0.5))
        .hasMessage("rule 'drift': resolveThreshold must equal threshold (1.0) for ==, was 0.5");
  }

  @Test
  void hysteresisMustLieOnTheResolvingSide() {
    AlertRule accuracy = AlertRule.of("acc", "model_quality", "accuracy", Comparison.LESS, 0.7);

    assertThat(accuracy.withResolveThreshold(0.75).resolveThreshold()).isEqualTo(0.75);
    assertThatThrownBy(() -> accuracy.withResolveThreshold(0.6))
        .hasMessageStartingWith("rule 'acc': resolveThreshold must be at least threshold");
  }

  @Test
  void rejectsBadNamesAndNegativeCooldowns() {
    assertThatThrownBy(() -> AlertRule.of("error rate", "serving", "e", Comparison.GREATER, 1))
        .hasMessageStartingWith("rule name must be");
    AlertRule rule = AlertRule.of("r", "serving", "e", Comparison.GREATER, 1);
    assertThatThrownBy(() -> rule.withCooldown(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("rule 'r': cooldown must be zero or positive");
    assertThatThrownBy(() -> rule.withLabels(Map.of("severity", "page")))
        .hasMessage("rule 'r': labels must not set 'severity', the evaluator sets it");
  }

  @Test
  void theDefaultRulesSurviveJavaSerializationForFlinkClosures() throws Exception {
    AlertRules defaults = AlertRules.defaults();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(defaults);
    }

    Object copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }

    assertThat(copy).isEqualTo(defaults);
  }
}
