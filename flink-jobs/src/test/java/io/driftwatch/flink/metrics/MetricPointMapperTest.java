package io.driftwatch.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricPointMapperTest {

  @Test
  void writesTagsAndFieldsAtTheWindowEndAndLeavesOutNonFiniteValues() {
    MetricPoint metric =
        MetricPoint.builder("feature_drift", 1_767_225_600_000L)
            .tag("model", "churn")
            .tag("version", "")
            .tag("feature", "age")
            .field("ks", 0.25)
            .field("p_value", Double.NaN)
            .field("psi", Double.POSITIVE_INFINITY)
            .flag("drifted", true)
            .field("n", 600L)
            .build();

    String line = new MetricPointMapper().toPoint(metric).lineProtocol();

    assertThat(line)
        .isEqualTo(
            "feature_drift,feature=age,model=churn drifted=1i,ks=0.25,n=600i 1767225600000000000");
    assertThat(metric.tags()).containsOnlyKeys("model", "feature");
    assertThat(metric.field("p_value")).isNaN();
  }
}
