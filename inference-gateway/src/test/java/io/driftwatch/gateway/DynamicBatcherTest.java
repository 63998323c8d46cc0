package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.schemas.repository.ModelDescriptor.Feature;
import io.driftwatch.schemas.repository.ModelDescriptor.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher in front of a stand-in model that answers ten times each row's wind value, rejects
 * negative wind, records the rows of every call and can be held inside a call until released.
 */
class DynamicBatcherTest {

  private static final ModelDescriptor WIND =
      new ModelDescriptor(
          ModelDescriptor.Task.REGRESSION,
          "input",
          "output",
          List.of(new Feature("wind", Kind.NUMERIC)),
          List.of(),
          java.util.Map.of());

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry);
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final List<Integer> callRows = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean holdFirstCall;
  private DynamicBatcher batcher;

  @AfterEach
  void stop() {
    released.countDown();
    if (batcher != null) {
      batcher.close(Duration.ofSeconds(5));
    }
    callers.shutdownNow();
  }

  private Prediction windModel(FeatureMatrix features) {
    callRows.add(features.rows());
    if (holdFirstCall && callRows.size() == 1) {
      awaitRelease();
    }
    float[] answers = new float[features.rows()];
    for (int row = 0; row < features.rows(); row++) {
      if (features.get(row, 0) < 0) {
        throw GatewayException.badRequest("wind must not be negative");
      }
      answers[row] = (float) (10 * features.get(row, 0));
    }
    return new Prediction(
        new Prediction.OutputTensor("output", new long[] {features.rows()}, answers),
        List.of(),
        1_000);
  }

  private void awaitRelease() {
    try {
      released.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private DynamicBatcher start(int maxBatchSize, long maxDelayMicros, int maxQueueSize) {
    batcher =
        DynamicBatcher.start(
            "wind",
            "1",
            new BatchingConfig(maxBatchSize, maxDelayMicros, maxQueueSize),
            this::windModel,
            metrics);
    return batcher;
  }

  private static FeatureMatrix winds(double... values) {
    InputTensor input =
        new InputTensor("input", new long[] {values.length, 1}, TensorDatatype.FP32, values);
    return FeatureMatrix.from(
        new InferRequest(Optional.empty(), List.of(input), List.of()), WIND, TensorDatatype.FP32);
  }

  private CompletableFuture<Prediction> request(double... values) {
    return CompletableFuture.supplyAsync(() -> batcher.predict(winds(values)), callers);
  }

  /** Sends one request that the model holds until released, so the ones after it queue up. */
  private CompletableFuture<Prediction> occupyTheModel() {
    holdFirstCall = true;
    CompletableFuture<Prediction> first = request(0.5);
    until(() -> callRows.size() == 1);
    return first;
  }

  /** Waits up to 5 s for a condition the batcher's threads bring about. */
  private static void until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private static List<Float> values(Prediction prediction) {
    return IntStream.range(0, prediction.rows())
        .mapToObj(row -> (float) prediction.output().get(row, 0))
        .toList();
  }

  @Test
  void queuedRequestsCoalesceIntoBatchesOfAtMostTheMaxBatchSize() {
    start(4, 0, 100);
    CompletableFuture<Prediction> first = occupyTheModel();
    List<CompletableFuture<Prediction>> queued =
        IntStream.range(1, 7).mapToObj(i -> request(i)).toList();
    until(() -> batcher.pending() == 6);

    released.countDown();

    assertThat(values(first.join())).containsExactly(5f);
    for (int i = 0; i < queued.size(); i++) {
      assertThat(values(queued.get(i).join())).containsExactly(10f * (i + 1));
    }
    assertThat(callRows).containsExactly(1, 4, 2);
    assertThat(registry.get("gateway.inference.execution.rows").summary().count()).isEqualTo(3);
    assertThat(registry.get("gateway.inference.execution.rows").summary().max()).isEqualTo(4);
  }

  @Test
  void eachCallerGetsItsOwnRowsBackFromAMixedBatch() {
    start(16, 0, 100);
    occupyTheModel();
    CompletableFuture<Prediction> two = request(1, 2);
    until(() -> batcher.pending() == 1);
    CompletableFuture<Prediction> one = request(3);
    until(() -> batcher.pending() == 2);
    CompletableFuture<Prediction> three = request(4, 5, 6);
    until(() -> batcher.pending() == 3);

    released.countDown();

    assertThat(values(two.join())).containsExactly(10f, 20f);
    assertThat(values(one.join())).containsExactly(30f);
    assertThat(values(three.join())).containsExactly(40f, 50f, 60f);
    assertThat(three.join().output().shape()).containsExactly(3);
    assertThat(callRows).containsExactly(1, 6);
  }

  @Test
  void aRequestTheModelRejectsFailsAloneAndTheRestOfItsBatchIsAnswered() {
    start(16, 0, 100);
    occupyTheModel();
    CompletableFuture<Prediction> calm = request(1);
    until(() -> batcher.pending() == 1);
    CompletableFuture<Prediction> broken = request(-3);
    until(() -> batcher.pending() == 2);
    CompletableFuture<Prediction> breezy = request(2, 4);
    until(() -> batcher.pending() == 3);

    released.countDown();

    assertThat(values(calm.join())).containsExactly(10f);
    assertThat(values(breezy.join())).containsExactly(20f, 40f);
    assertThatThrownBy(broken::join)
        .hasCauseInstanceOf(GatewayException.class)
        .hasMessageContaining("wind must not be negative")
        .cause()
        .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400));
    // The batch of 4 rows failed, then each request ran alone.
    assertThat(callRows).containsExactly(1, 4, 1, 1, 2);
  }

  @Test
  void aLoneRequestLeavesOnceItHasWaitedTheMaxQueueDelay() {
    start(8, 50_000, 100);
    long start = System.nanoTime();

    Prediction answer = batcher.predict(winds(2));

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(values(answer)).containsExactly(20f);
    assertThat(callRows).containsExactly(1);
  }

  @Test
  void aRequestLargerThanTheMaxBatchSizeRunsAlone() {
    start(2, 0, 100);

    Prediction answer = batcher.predict(winds(1, 2, 3));

    assertThat(values(answer)).containsExactly(10f, 20f, 30f);
    assertThat(callRows).containsExactly(3);
  }

  @Test
  void aFullQueueIsAnswered503AtOnce() {
    start(1_000, 0, 2);
    occupyTheModel();
    request(1);
    request(2);
    until(() -> batcher.pending() == 2);

    assertThatThrownBy(() -> batcher.predict(winds(3)))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.retryAfterSeconds()).hasValue(GatewayException.RETRY_AFTER_SECONDS);
            })
        .hasMessageContaining("overloaded");
    assertThat(registry.get("gateway.inference.queue.pending").gauge().value()).isEqualTo(2);
  }

  @Test
  void closingDrainsTheQueueThenRefusesNewRequests() throws Exception {
    start(1, 0, 100);
    CompletableFuture<Prediction> first = occupyTheModel();
    CompletableFuture<Prediction> queued = request(1);
    until(() -> batcher.pending() == 1);

    CompletableFuture<Void> closed =
        CompletableFuture.runAsync(() -> batcher.close(Duration.ofSeconds(5)), callers);
    Thread.sleep(100);
    assertThat(closed).as("close waits for the queued request").isNotDone();
    released.countDown();
    closed.get(5, TimeUnit.SECONDS);

    assertThat(values(first.join())).containsExactly(5f);
    assertThat(values(queued.join())).containsExactly(10f);
    assertThatThrownBy(() -> batcher.predict(winds(2)))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(503))
        .hasMessageContaining("being unloaded");
    assertThat(registry.find("gateway.inference.queue.pending").gauge()).isNull();
  }

  @Test
  void aReloadedVersionKeepsItsPendingGaugeWhenTheBatcherItReplacesCloses() {
    DynamicBatcher old = start(4, 0, 100);
    DynamicBatcher replacement = start(4, 0, 100);

    old.close(Duration.ofSeconds(1));

    assertThat(registry.find("gateway.inference.queue.pending").gauge()).isNotNull();
    replacement.close(Duration.ofSeconds(1));
    assertThat(registry.find("gateway.inference.queue.pending").gauge()).isNull();
  }

  @Test
  void closingFailsWhatIsStillQueuedWith503WhenTheModelDoesNotFinishInTime() {
    start(1, 0, 100);
    occupyTheModel();
    CompletableFuture<Prediction> queued = request(1);
    until(() -> batcher.pending() == 1);

    batcher.close(Duration.ofMillis(50));

    assertThatThrownBy(queued::join)
        .cause()
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(503))
        .hasMessageContaining("being unloaded");
  }

  @Test
  void everyRequestOfManyConcurrentCallersIsAnsweredWithItsOwnRows() throws Exception {
    batcher =
        DynamicBatcher.start(
            "wind", "2", new BatchingConfig(4, 0, 1_000), this::windModel, metrics);
    int callers = 8;
    int requestsEach = 2_000;
    List<CompletableFuture<Long>> wrong = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      wrong.add(
          CompletableFuture.supplyAsync(
              () ->
                  IntStream.range(0, requestsEach)
                      .filter(
                          i -> {
                            double wind = caller * 10_000 + i;
                            return values(batcher.predict(winds(wind))).get(0)
                                != (float) (10 * wind);
                          })
                      .count(),
              this.callers));
    }

    // A request lost between callers and the worker leaves its caller waiting: fail after 60 s.
    CompletableFuture.allOf(wrong.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    assertThat(wrong).allSatisfy(caller -> assertThat(caller.join()).isZero());
    assertThat(registry.get("gateway.inference.execution.rows").summary().totalAmount())
        .isEqualTo(callers * requestsEach);
  }
}
