package io.driftwatch.flink.drift;

import static io.driftwatch.flink.drift.DriftEvents.prediction;
import static io.driftwatch.flink.drift.DriftEvents.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.PredictionEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AnsweredFeatureRowsTest {

  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private final Random random = new Random(9);
  private final AnsweredFeatureRows projection = new AnsweredFeatureRows(2, 128);

  @Test
  void sendsTheNamesOnlyWithTheFirstRowOfEachLayoutPerModelVersion() {
    List<FeatureRow> first = project(prediction(random, T, 0, false));
    List<FeatureRow> second = project(prediction(random, T, 0, false));
    List<FeatureRow> otherVersion =
        project(
            PredictionEvent.newBuilder(prediction(random, T, 0, false)).setVersion("2").build());

    assertThat(first).hasSize(2).allSatisfy(row -> assertThat(row.layout()).isNotNull());
    assertThat(second).hasSize(2).allSatisfy(row -> assertThat(row.layout()).isNull());
    assertThat(otherVersion).allSatisfy(row -> assertThat(row.layout()).isNotNull());
    assertThat(second.get(0).layoutId()).isEqualTo(first.get(0).layoutId());
    FeatureRow ageRow = first.get(FeatureShardKey.shardOf("age", 2));
    assertThat(ageRow.layout().numeric()).containsExactly("age");
    assertThat(first.get(0).predictedClass()).isNotNull();
    assertThat(first.get(1).predictedClass()).as("outputs travel on shard 0").isNull();
    assertThat(project(refused(T))).isEmpty();
  }

  @Test
  void marksMissingValuesAndGivesAnotherNameOrderAnotherLayout() {
    Map<String, Double> numeric = new LinkedHashMap<>();
    numeric.put("age", 41.0);
    numeric.put("income", null);
    Map<String, Double> reversed = new LinkedHashMap<>();
    reversed.put("income", null);
    reversed.put("age", 41.0);
    AnsweredFeatureRows oneShard = new AnsweredFeatureRows(1, 128);

    FeatureRow row = project(oneShard, withNumeric(numeric)).get(0);
    FeatureRow other = project(oneShard, withNumeric(reversed)).get(0);

    assertThat(row.layout().numeric()).containsExactly("age", "income");
    assertThat(row.isMissing(0)).isFalse();
    assertThat(row.isMissing(1)).isTrue();
    assertThat(other.layoutId()).isNotEqualTo(row.layoutId());
    assertThat(other.layout().numeric()).containsExactly("income", "age");
  }

  @Test
  void rowsRoundTripThroughTheirSerializerWithAndWithoutNames() throws IOException {
    Map<String, Double> numeric = new LinkedHashMap<>();
    numeric.put("age", Double.NaN);
    numeric.put("income", null);
    Map<String, String> categorical = new LinkedHashMap<>();
    categorical.put("plan", null);
    AnsweredFeatureRows oneShard = new AnsweredFeatureRows(1, 128);
    PredictionEvent event =
        PredictionEvent.newBuilder(withNumeric(numeric))
            .setCategoricalFeatures(categorical)
            .build();

    FeatureRow first = project(oneShard, event).get(0);
    int age = List.of(first.layout().numeric()).indexOf("age");
    for (FeatureRow row : List.of(first, project(oneShard, event).get(0))) {
      DataOutputSerializer out = new DataOutputSerializer(64);
      FeatureRowSerializer.INSTANCE.serialize(row, out);
      FeatureRow copy =
          FeatureRowSerializer.INSTANCE.deserialize(
              new DataInputDeserializer(out.getCopyOfBuffer()));

      assertThat(copy.model()).isEqualTo(row.model());
      assertThat(copy.layoutId()).isEqualTo(row.layoutId());
      assertThat(copy.layout() == null).isEqualTo(row.layout() == null);
      assertThat(copy.numericValues()[age]).as("NaN is invalid, not missing").isNaN();
      assertThat(copy.isMissing(age)).isFalse();
      assertThat(copy.isMissing(1 - age)).isTrue();
      assertThat(copy.categoricalValues()).containsExactly((String) null);
      assertThat(copy.score()).isEqualTo(row.score());
      assertThat(copy.predictedClass()).isEqualTo(row.predictedClass());
    }
  }

  private PredictionEvent withNumeric(Map<String, Double> numeric) {
    return PredictionEvent.newBuilder(prediction(random, T, 0, false))
        .setNumericFeatures(numeric)
        .build();
  }

  private List<FeatureRow> project(PredictionEvent event) {
    return project(projection, event);
  }

  private static List<FeatureRow> project(AnsweredFeatureRows projection, PredictionEvent event) {
    List<FeatureRow> rows = new ArrayList<>();
    projection.flatMap(event, new ListCollector<>(rows));
    return rows;
  }
}
