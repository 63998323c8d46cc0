package io.driftwatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.alerting.AlertTransition;
import io.driftwatch.stats.alerting.Severity;
import io.driftwatch.stats.alerting.WebhookSignature;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import io.driftwatch.training.DemoModel;
import io.driftwatch.training.WeatherDataset;
import io.driftwatch.training.WeatherObservation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration test of the whole retraining path with real parts: the in-process KRaft broker
 * holding gateway-shaped Avro predictions and labels, a signed webhook as the monitoring job sends
 * it, Tribuo training, and the new version scored by real ONNX Runtime. Only the gateway is a fake,
 * recording the load call.
 */
class RetrainingIntegrationTest {

  private static final String SECRET = "retrain-secret";
  private static final String MODEL = DemoModel.NAME;
  private static final String LOAD = "/v2/repository/models/seattle-weather/load";
  private static final int LABELED = 300;
  private static final int UNLABELED = 40;

  @TempDir static Path work;
  private static EmbeddedKafka kafka;

  /** A fresh repository per test holding the demo model's version 1, as the gateway serves it. */
  @TempDir Path repository;

  @BeforeAll
  static void startKafkaWithRecentNewYorkTraffic() throws Exception {
    kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
    kafka.createTopics(2, "predictions", "labels");
    List<WeatherObservation> newYork = WeatherDataset.bundled().newYork();
    Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < LABELED + UNLABELED; i++) {
        WeatherObservation day = newYork.get(i);
        String id = "req-" + i;
        Instant at = tenMinutesAgo.plusMillis(100L * i);
        producer.send(
            new ProducerRecord<>("predictions", bytes(MODEL), prediction(id, MODEL, day, at)));
        if (i < LABELED) {
          producer.send(new ProducerRecord<>("labels", bytes(id), label(id, day, at)));
        }
      }
      // Traffic the join must leave out: another model's, and a record that is not Avro.
      producer.send(
          new ProducerRecord<>(
              "predictions",
              bytes("other"),
              prediction("req-0", "other", newYork.get(0), tenMinutesAgo)));
      producer.send(new ProducerRecord<>("labels", bytes("x"), bytes("not avro")));
      producer.flush();
    }
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @BeforeEach
  void servingVersionOne() throws Exception {
    DemoModel.writeRepository(repository);
  }

  /** Posts a signed firing alert and waits for the worker's outcome. */
  private static Decision outcomeOfSignedAlert(RetrainingConfig config, AlertTransition alert)
      throws Exception {
    byte[] webhook = Alerts.webhook(alert);
    try (RetrainingReceiver receiver = RetrainingReceiver.start(config, Clock.systemUTC())) {
      var answer =
          Http.post(
              receiver.port(),
              "/webhook",
              webhook,
              WebhookSignature.HEADER,
              WebhookSignature.sign(webhook, SECRET.getBytes(StandardCharsets.UTF_8)));
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      return Http.awaitDecision(
              receiver.decisions(), d -> d.action() != Action.QUEUED, Duration.ofSeconds(120))
          .orElseThrow();
    }
  }

  private RetrainingConfig config(FakeGateway gateway) {
    return RetrainingConfig.defaults(repository, kafka.bootstrapServers(), gateway.url())
        .withPort(0)
        .withSecret(SECRET);
  }

  private static AlertTransition driftOnVersionOne() {
    return Alerts.firing("dataset_drift", Severity.CRITICAL, MODEL, "1");
  }

  @Test
  void aSignedDriftAlertRetrainsTheModelFromKafkaAndTheGatewayLoadsTheNewVersion()
      throws Exception {
    try (FakeGateway gateway = new FakeGateway()) {
      gateway.answer(
          "POST", LOAD, 200, "{\"model\": \"seattle-weather\", \"versions\": [\"1\", \"2\"]}");
      AlertTransition drift = driftOnVersionOne();

      Decision retrained = outcomeOfSignedAlert(config(gateway), drift);

      assertThat(retrained.action()).as(retrained.detail()).isEqualTo(Action.RETRAINED);
      assertThat(retrained.version()).isEqualTo("2");
      assertThat(retrained.detail()).contains("300 joined rows", "the gateway loaded it");

      Path version2 = repository.resolve(MODEL).resolve("2");
      assertThat(version2.resolve("model.onnx")).isNotEmptyFile();
      assertThat(version2.resolve("profile.avro")).isNotEmptyFile();
      ModelDescriptor descriptor =
          ModelDescriptor.read(version2.resolve(ModelDescriptor.FILE_NAME));
      assertThat(descriptor.lineage())
          .containsEntry("parent_version", "1")
          .containsEntry("trigger_rule", "dataset_drift")
          .containsEntry("trigger_fingerprint", drift.fingerprint())
          .containsEntry("rows", Integer.toString(LABELED))
          .containsKeys("data_from", "data_to", "trainer");
      ReferenceProfile profile =
          ReferenceProfileCodec.decode(Files.readAllBytes(version2.resolve("profile.avro")));
      assertThat(profile.version()).isEqualTo("2");
      assertThat(profile.output("class").orElseThrow().count()).isEqualTo(LABELED);
      try (Stream<Path> top = Files.list(repository)) {
        assertThat(top.map(p -> p.getFileName().toString()))
            .as("no staging directory is left behind")
            .containsExactly(MODEL);
      }
      assertThat(gateway.requestsTo("POST", LOAD)).hasSize(1);

      assertScoresInOnnxRuntime(version2, descriptor);
    }
  }

  @Test
  void aVersionTheGatewayFailsToLoadStaysOnDiskAndTheFailureIsRecorded() throws Exception {
    try (FakeGateway gateway = new FakeGateway()) {
      gateway.answer("POST", LOAD, 400, "{\"error\": \"failed to load version 2: bad graph\"}");

      Decision failed = outcomeOfSignedAlert(config(gateway), driftOnVersionOne());

      assertThat(failed.action()).as(failed.detail()).isEqualTo(Action.LOAD_FAILED);
      assertThat(failed.detail()).endsWith("HTTP 400: failed to load version 2: bad graph");
      assertThat(repository.resolve(MODEL).resolve("2").resolve(ModelDescriptor.FILE_NAME))
          .isRegularFile();
    }
  }

  @Test
  void tooFewLabeledRowsSkipTheRetrainWithTheCountsAndWriteNothing() throws Exception {
    try (FakeGateway gateway = new FakeGateway()) {
      Decision skipped =
          outcomeOfSignedAlert(config(gateway).withMinSamples(1000), driftOnVersionOne());

      assertThat(skipped.action()).isEqualTo(Action.SKIPPED);
      assertThat(skipped.detail())
          .startsWith("too few labeled rows: 300 joined rows from 341 predictions and 301 labels")
          .endsWith("need --min-samples 1000");
      assertThat(repository.resolve(MODEL).resolve("2")).doesNotExist();
      assertThat(gateway.requests()).isEmpty();
    }
  }

  private static void assertScoresInOnnxRuntime(Path version, ModelDescriptor descriptor)
      throws Exception {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession session =
            environment.createSession(
                version.resolve("model.onnx").toString(), new OrtSession.SessionOptions());
        OnnxTensor input =
            OnnxTensor.createTensor(environment, new float[][] {{0.0f, 2.8f, -3.9f, 5.1f}});
        OrtSession.Result result = session.run(Map.of(descriptor.inputName(), input))) {
      float[][] probabilities = (float[][]) result.get(0).getValue();
      assertThat(probabilities[0]).hasSize(descriptor.classLabels().size());
      double sum = 0;
      for (float p : probabilities[0]) {
        sum += p;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-4));
    }
  }

  private static byte[] prediction(String id, String model, WeatherObservation day, Instant at) {
    Map<String, Double> features = new HashMap<>();
    double[] values = day.features();
    for (int i = 0; i < values.length; i++) {
      features.put(WeatherObservation.FEATURE_NAMES.get(i), (double) (float) values[i]);
    }
    return SingleObjectCodec.predictions()
        .encode(
            PredictionEvent.newBuilder()
                .setRequestId(id)
                .setModel(model)
                .setVersion("1")
                .setEventTime(at)
                .setNumericFeatures(features)
                .setPredictedClass("rain")
                .setScore(0.5)
                .setLatencyMicros(400)
                .setStatus(PredictionStatus.OK)
                .build());
  }

  private static byte[] label(String id, WeatherObservation day, Instant at) {
    return SingleObjectCodec.labels()
        .encode(
            LabelEvent.newBuilder()
                .setRequestId(id)
                .setLabelClass(day.weather())
                .setEventTime(at.plusSeconds(10))
                .build());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
