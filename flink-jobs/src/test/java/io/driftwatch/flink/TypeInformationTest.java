package io.driftwatch.flink;

import static io.driftwatch.flink.PredictionEvents.serverError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.flink.alerting.RuleSample;
import io.driftwatch.flink.concept.DetectorKey;
import io.driftwatch.flink.concept.DetectorObservation;
import io.driftwatch.flink.drift.AnsweredFeatureRows;
import io.driftwatch.flink.drift.DatasetVotes;
import io.driftwatch.flink.drift.FeatureRow;
import io.driftwatch.flink.drift.FeatureShardKey;
import io.driftwatch.flink.drift.LiveProfile;
import io.driftwatch.flink.drift.ModelVersionKey;
import io.driftwatch.flink.drift.ReferenceBins;
import io.driftwatch.flink.drift.ShardVotes;
import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.flink.quality.JoinOutcome;
import io.driftwatch.flink.quality.LabeledPrediction;
import io.driftwatch.flink.quality.QualityAccumulator;
import io.driftwatch.flink.quality.QualityKey;
import io.driftwatch.flink.quality.QualityWindow;
import io.driftwatch.flink.serving.ServingKey;
import io.driftwatch.flink.serving.ServingWindow;
import io.driftwatch.flink.source.AvroSpecificTypeInfo;
import io.driftwatch.schemas.PredictionEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.junit.jupiter.api.Test;

/** The job's stream types must serialize without Kryo (pipeline.generic-types=false). */
class TypeInformationTest {

  private static final SerializerConfigImpl NO_GENERIC_TYPES = noGenericTypes();

  private static SerializerConfigImpl noGenericTypes() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    return config;
  }

  @Test
  void predictionEventWithMapFieldsAndInstantUsesTheAvroSerializer() throws IOException {
    TypeInformation<PredictionEvent> type = new AvroSpecificTypeInfo<>(PredictionEvent.class);
    Map<String, Double> withMissingValue = new HashMap<>(Map.of("age", 42.0));
    withMissingValue.put("income", null);
    PredictionEvent event =
        PredictionEvent.newBuilder(
                serverError("churn", Instant.parse("2026-01-01T12:00:00.123Z"), 42))
            .setNumericFeatures(withMissingValue)
            .build();

    TypeSerializer<PredictionEvent> serializer = type.createSerializer(NO_GENERIC_TYPES);

    assertThat(serializer).isInstanceOf(AvroSerializer.class);
    assertThat(roundTrip(serializer, event)).isEqualTo(event);
  }

  /**
   * Documents why {@link AvroSpecificTypeInfo} exists: flink-avro's AvroTypeInfo needs a POJO, and
   * the generated classes have no setters. When this starts failing, the schemas module generates
   * setters and AvroTypeInfo can replace AvroSpecificTypeInfo.
   */
  @Test
  void flinkAvroTypeInfoRejectsTheGeneratedClassesWithoutSetters() {
    assertThatThrownBy(() -> TypeInformation.of(PredictionEvent.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PojoTypeInfo");
  }

  @Test
  void keyAndOutputRecordsArePojos() throws IOException {
    TypeInformation<ServingKey> keyType = TypeInformation.of(ServingKey.class);
    TypeInformation<ServingWindow> windowType = TypeInformation.of(ServingWindow.class);
    ServingWindow window =
        new ServingWindow("churn", "1", "champion", 0, 10_000, 3, 1, 1 / 3.0, 1, 2, 3, 0.3);

    assertThat(keyType).isInstanceOf(PojoTypeInfo.class);
    assertThat(windowType).isInstanceOf(PojoTypeInfo.class);
    ServingKey key = new ServingKey("churn", "1", "champion");
    assertThat(roundTrip(keyType.createSerializer(NO_GENERIC_TYPES), key)).isEqualTo(key);
    assertThat(roundTrip(windowType.createSerializer(NO_GENERIC_TYPES), window)).isEqualTo(window);
  }

  @Test
  void driftKeysRowsVotesAndPointsSerializeWithoutKryo() throws IOException {
    TypeInformation<ModelVersionKey> keyType = TypeInformation.of(ModelVersionKey.class);
    TypeInformation<FeatureShardKey> shardKeyType = TypeInformation.of(FeatureShardKey.class);
    TypeInformation<FeatureRow> rowType = TypeInformation.of(FeatureRow.class);
    TypeInformation<ShardVotes> votesType = TypeInformation.of(ShardVotes.class);
    TypeInformation<MetricPoint> pointType = TypeInformation.of(MetricPoint.class);
    TypeInformation<LiveProfile> profileType = TypeInformation.of(LiveProfile.class);
    List<FeatureRow> rows = new ArrayList<>();
    new AnsweredFeatureRows(1, 128)
        .flatMap(PredictionEvents.ok("churn", Instant.EPOCH, 1), new ListCollector<>(rows));
    FeatureRow row = rows.get(0);
    LiveProfile profile = LiveProfile.empty();
    profile.add(row.layout(), row, ReferenceBins.NONE);
    ShardVotes votes = new ShardVotes("churn", "1", 60_000, DatasetVotes.of(1, List.of()));
    MetricPoint point =
        MetricPoint.builder("feature_drift", 60_000)
            .tag("model", "churn")
            .tag("feature", "age")
            .field("ks", 0.25)
            .flag("drifted", true)
            .build();

    assertThat(keyType).isInstanceOf(PojoTypeInfo.class);
    assertThat(shardKeyType).isInstanceOf(PojoTypeInfo.class);
    assertThat(votesType).isInstanceOf(PojoTypeInfo.class);
    assertThat(pointType).isInstanceOf(PojoTypeInfo.class);
    ModelVersionKey key = new ModelVersionKey("churn", "1");
    assertThat(roundTrip(keyType.createSerializer(NO_GENERIC_TYPES), key)).isEqualTo(key);
    assertThat(roundTrip(pointType.createSerializer(NO_GENERIC_TYPES), point)).isEqualTo(point);
    assertThat(roundTrip(votesType.createSerializer(NO_GENERIC_TYPES), votes).windowEnd())
        .isEqualTo(60_000);
    FeatureRow rowCopy = roundTrip(rowType.createSerializer(NO_GENERIC_TYPES), row);
    assertThat(rowCopy.layout().numeric()).containsExactly(row.layout().numeric());
    assertThat(rowCopy.numericValues()).containsExactly(row.numericValues());
    LiveProfile copy = roundTrip(profileType.createSerializer(NO_GENERIC_TYPES), profile);
    assertThat(copy.rows()).isEqualTo(1);
    assertThat(copy.numericFeature("age").valid()).isEqualTo(1);
  }

  @Test
  void qualityRecordsKeysAndWindowsSerializeWithoutKryo() throws IOException {
    TypeInformation<LabeledPrediction> labeledType = TypeInformation.of(LabeledPrediction.class);
    TypeInformation<QualityWindow> windowType = TypeInformation.of(QualityWindow.class);
    LabeledPrediction regression =
        new LabeledPrediction(
            "r1", "price", "1", "champion", null, 3.5, null, null, null, 4.0, 1_000, 6_000);
    LabeledPrediction classification =
        new LabeledPrediction(
            "r2", "churn", "1", "champion", "yes", null, "yes", 0.8, "no", null, 1_000, 6_000);
    QualityAccumulator quality = QualityAccumulator.empty();
    quality.add(regression);
    quality.add(classification);
    QualityWindow window = new QualityWindow("churn", "1", "champion", 0, 60_000, quality);

    for (Class<?> type :
        List.of(
            LabeledPrediction.class,
            QualityKey.class,
            QualityWindow.class,
            JoinOutcome.class,
            DetectorKey.class,
            DetectorObservation.class)) {
      assertThat(TypeInformation.of(type))
          .as(type.getSimpleName())
          .isInstanceOf(PojoTypeInfo.class);
    }
    TypeSerializer<LabeledPrediction> labeled = labeledType.createSerializer(NO_GENERIC_TYPES);
    assertThat(roundTrip(labeled, regression)).isEqualTo(regression);
    assertThat(roundTrip(labeled, classification)).isEqualTo(classification);
    QualityWindow copy = roundTrip(windowType.createSerializer(NO_GENERIC_TYPES), window);
    assertThat(copy.quality().labeled()).isEqualTo(2);
    assertThat(copy.quality().regression().mae()).isEqualTo(0.5);
    assertThat(copy.quality().classification().accuracy()).isZero();
    assertThat(copy.quality().labelDelays().quantile(0.5)).isEqualTo(5_000);
  }

  @Test
  void alertRuleSamplesArePojosHoldingTheirPoint() throws IOException {
    TypeInformation<RuleSample> type = TypeInformation.of(RuleSample.class);
    RuleSample sample =
        new RuleSample(
            "error_rate_high{model=\"churn\"}",
            "error_rate_high",
            MetricPoint.builder("serving", 10_000)
                .tag("model", "churn")
                .field("error_rate", 0.1)
                .field("requests", 40L)
                .build());

    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    assertThat(roundTrip(type.createSerializer(NO_GENERIC_TYPES), sample)).isEqualTo(sample);
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}
