package io.driftwatch.flink.drift;

import static io.driftwatch.flink.drift.DriftEvents.MODEL;
import static io.driftwatch.flink.drift.DriftEvents.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.stats.drift.DriftMethod;
import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.drift.FeatureDrift;
import io.driftwatch.stats.profile.ColumnKind;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatasetDecisionTest {

  private static final long W1_END = 60_000;
  private static final long W2_END = 120_000;
  private static final long W3_END = 180_000;

  private KeyedOneInputStreamOperatorTestHarness<ModelVersionKey, ShardVotes, MetricPoint> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DatasetDecision(DriftPolicy.defaults(), 2, 2),
            ShardVotes::key,
            TypeInformation.of(ModelVersionKey.class));
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void decidesOnceEveryShardOfTheWindowIsInAndClearsItsVotes() throws Exception {
    harness.processElement(votes(W1_END, "age", true), 0);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(keysWithVotes()).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isZero();

    harness.processElement(votes(W1_END, "plan", false), 0);

    List<MetricPoint> points = harness.extractOutputValues();
    assertThat(points)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.measurement()).isEqualTo("dataset_drift");
              assertThat(p.timeMillis()).isEqualTo(W1_END);
              assertThat(p.field("evaluated_features")).isEqualTo(2);
              assertThat(p.field("drifted_features")).isEqualTo(1);
              assertThat(p.field("drifted")).isEqualTo(1);
              assertThat(p.field("rows")).isEqualTo(500);
            });
    assertThat(keysWithVotes()).isZero();
  }

  @Test
  void dropsTheOldestIncompleteWindowBeyondTheBound() throws Exception {
    harness.processElement(votes(W1_END, "age", false), 0);
    harness.processElement(votes(W2_END, "age", false), 0);
    harness.processElement(votes(W3_END, "age", false), 0);

    harness.processElement(votes(W1_END, "plan", false), 0);

    assertThat(harness.extractOutputValues()).as("W1's first shard was dropped").isEmpty();
    assertThat(keysWithVotes()).isEqualTo(1);
  }

  private long keysWithVotes() throws Exception {
    try (var keys =
        harness
            .getOperator()
            .getKeyedStateBackend()
            .getKeys(DatasetDecision.VOTES.getName(), VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }

  private static ShardVotes votes(long end, String feature, boolean drifted) {
    FeatureDrift drift =
        new FeatureDrift(
            feature,
            ColumnKind.NUMERIC,
            DriftMethod.PSI,
            true,
            drifted,
            drifted ? 2 : 0.1,
            Double.NaN,
            500,
            null,
            null);
    return new ShardVotes(MODEL, VERSION, end, DatasetVotes.of(500, List.of(drift)));
  }
}
