package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.training.DemoModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shadow scorer on a real ONNX session of the demo model, logging to a MockProducer. */
class ShadowScorerTest {

  private static final Instant RECEIVED = Instant.parse("2025-03-01T12:00:00Z");
  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

  @TempDir Path root;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final CountDownLatch workerFree = new CountDownLatch(1);
  private EventLog<PredictionEvent> log;
  private LoadedModel shadow;
  private ShadowScorer scorer;

  @BeforeEach
  void startScorerWithABusyWorkerAndRoomForOneCopy() throws Exception {
    Path version = DemoModel.writeRepository(root);
    shadow =
        LoadedModel.load(
            DemoModel.NAME, "1", version, ENVIRONMENT, new SessionFactory(ENVIRONMENT, Device.CPU));
    SingleObjectCodec<PredictionEvent> codec = SingleObjectCodec.predictions();
    log =
        EventLog.start(
            new EventLog.Spec<>(
                "predictions",
                "gateway.prediction.log",
                PredictionEvent::getModel,
                codec::encode,
                List.of(),
                e -> List.of(),
                10),
            producer,
            registry);
    ThreadPoolExecutor executor = ShadowScorer.singleWorker(1);
    executor.execute(
        () -> {
          try {
            workerFree.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    scorer = new ShadowScorer(executor, Optional.of(log), new GatewayMetrics(registry));
  }

  @AfterEach
  void close() {
    workerFree.countDown();
    scorer.close();
    log.close();
    shadow.close();
  }

  private InferRequest rainyDay() {
    return new InferRequest(
        Optional.of("r"),
        List.of(
            new InputTensor(
                shadow.descriptor().inputName(),
                new long[] {1, 4},
                TensorDatatype.FP32,
                new double[] {10.9, 10.6, 2.8, 4.5})),
        List.of());
  }

  @Test
  void aFullQueueDropsAndCountsTheCopyAtOnceAndReturnsItsLease() {
    assertThat(shadow.tryAcquire()).isTrue();
    assertThat(shadow.tryAcquire()).isTrue();

    long start = System.nanoTime();
    boolean queued = scorer.submit(shadow, rainyDay(), "queued", RECEIVED);
    boolean dropped = scorer.submit(shadow, rainyDay(), "dropped", RECEIVED);

    assertThat(queued).isTrue();
    assertThat(dropped).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(registry.counter("gateway.shadow.dropped", "model", DemoModel.NAME).count())
        .isEqualTo(1);
    assertThat(
            registry
                .counter("gateway.routing.decisions", "model", DemoModel.NAME, "variant", "shadow")
                .count())
        .isEqualTo(1);

    workerFree.countDown();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (producer.history().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(producer.history()).hasSize(1);
    PredictionEvent event =
        SingleObjectCodec.predictions().decode(producer.history().get(0).value());
    assertThat(event.getRequestId()).isEqualTo("queued");
    assertThat(event.getVariant()).isEqualTo("shadow");
    assertThat(event.getVersion()).isEqualTo("1");
    assertThat(event.getEventTime()).isEqualTo(RECEIVED);
    assertThat(event.getPredictedClass()).isNotNull();
    // Both leases came back: closing does not wait out its timeout and the session is closed.
    long closing = System.nanoTime();
    shadow.close(Duration.ofSeconds(5));
    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(2));
    assertThatThrownBy(
            () ->
                shadow.predict(
                    FeatureMatrix.from(rainyDay(), shadow.descriptor(), shadow.inputDatatype())))
        .hasMessageContaining("is being unloaded");
  }
}
