package io.driftwatch.retraining;

import static io.driftwatch.retraining.Alerts.firing;
import static io.driftwatch.retraining.Alerts.received;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.retraining.RetrainQueue.Outcome;
import io.driftwatch.stats.alerting.Severity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetrainQueueTest {

  private static final Instant NINE_PM = Instant.parse("2026-12-01T21:00:00Z");
  private static final Duration COOLDOWN = Duration.ofMinutes(10);

  private final MutableClock clock = new MutableClock(NINE_PM);
  private final RetrainQueue queue = new RetrainQueue(clock, COOLDOWN, 2);

  private static ReceivedAlert drift(String model) {
    return received(firing("dataset_drift", Severity.CRITICAL, model, "1"));
  }

  private static ReceivedAlert accuracyDrop(String model) {
    return received(firing("accuracy_drop", Severity.CRITICAL, model, "1"));
  }

  @Test
  void aFirstTriggerIsQueuedAndTakenByTheWorker() throws InterruptedException {
    assertThat(queue.offer(drift("a"), false, true).outcome()).isEqualTo(Outcome.QUEUED);

    RetrainQueue.Job job = queue.take();

    assertThat(job.model()).isEqualTo("a");
    assertThat(job.retrain()).isTrue();
    assertThat(queue.runningModel()).contains("a");
    assertThat(queue.pendingModels()).isEmpty();
  }

  @Test
  void triggersWhileAJobIsPendingJoinItAndAreCounted() {
    queue.offer(drift("a"), false, true);

    assertThat(queue.offer(drift("a"), false, true).outcome()).isEqualTo(Outcome.COALESCED);
    assertThat(queue.offer(drift("a"), false, true).outcome()).isEqualTo(Outcome.COALESCED);

    assertThat(queue.pendingModels()).containsExactly("a");
    assertThat(queue.coalesced()).isEqualTo(2);
  }

  @Test
  void triggersWhileAJobIsRunningAreCoalescedNotQueuedAgain() throws InterruptedException {
    queue.offer(drift("a"), false, true);
    queue.take();

    assertThat(queue.offer(drift("a"), false, true).outcome()).isEqualTo(Outcome.COALESCED);

    assertThat(queue.pendingModels()).isEmpty();
    assertThat(queue.coalesced()).isEqualTo(1);
  }

  @Test
  void aRollbackCheckWhileAPlainRetrainIsRunningIsQueuedBehindIt() throws InterruptedException {
    queue.offer(drift("a"), false, true);
    queue.take();

    RetrainQueue.Offer offer = queue.offer(accuracyDrop("a"), true, true);

    assertThat(offer.outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(queue.pendingModels()).containsExactly("a");
    assertThat(queue.coalesced()).isZero();
    queue.finished("a");
    RetrainQueue.Job next = queue.take();
    assertThat(next.checkRollback()).isTrue();
    assertThat(next.trigger().rule()).isEqualTo("accuracy_drop");
    assertThat(next.retrain())
        .as("the running retrain was queued within the cooldown, so no second retrain")
        .isFalse();
  }

  @Test
  void triggersWhileARollbackCheckIsRunningAreCoalescedIntoIt() throws InterruptedException {
    queue.offer(accuracyDrop("a"), true, true);
    queue.take();

    assertThat(queue.offer(accuracyDrop("a"), true, true).outcome()).isEqualTo(Outcome.COALESCED);
    assertThat(queue.offer(drift("a"), false, true).outcome()).isEqualTo(Outcome.COALESCED);

    assertThat(queue.pendingModels()).isEmpty();
    assertThat(queue.coalesced()).isEqualTo(2);
  }

  @Test
  void aRollbackCheckBehindARunningRetrainIsRefusedWhenTheQueueIsFull()
      throws InterruptedException {
    queue.offer(drift("a"), false, true);
    queue.take();
    queue.offer(drift("b"), false, true);
    queue.offer(drift("c"), false, true);

    assertThat(queue.offer(accuracyDrop("a"), true, true).outcome()).isEqualTo(Outcome.FULL);
    assertThat(queue.pendingModels()).containsExactly("b", "c");
  }

  @Test
  void aModelIsRetrainedAtMostOncePerCooldown() throws InterruptedException {
    queue.offer(drift("a"), false, true);
    queue.finished(queue.take().model());

    clock.advance(COOLDOWN.minusSeconds(1));
    RetrainQueue.Offer early = queue.offer(drift("a"), false, true);
    clock.advance(Duration.ofSeconds(1));
    RetrainQueue.Offer afterCooldown = queue.offer(drift("a"), false, true);

    assertThat(early.outcome()).isEqualTo(Outcome.COOLDOWN);
    assertThat(early.detail()).contains("cooldown until 2026-12-01T21:10:00Z");
    assertThat(afterCooldown.outcome()).isEqualTo(Outcome.QUEUED);
  }

  @Test
  void theCooldownIsPerModel() throws InterruptedException {
    queue.offer(drift("a"), false, true);
    queue.finished(queue.take().model());

    assertThat(queue.offer(drift("b"), false, true).outcome()).isEqualTo(Outcome.QUEUED);
  }

  @Test
  void aRollbackCheckIsNotHeldBackByTheCooldownButLosesItsRetrainFallback()
      throws InterruptedException {
    queue.offer(drift("a"), false, true);
    queue.finished(queue.take().model());
    clock.advance(Duration.ofMinutes(1));

    RetrainQueue.Offer offer = queue.offer(accuracyDrop("a"), true, true);

    assertThat(offer.outcome()).isEqualTo(Outcome.QUEUED);
    RetrainQueue.Job job = queue.take();
    assertThat(job.checkRollback()).isTrue();
    assertThat(job.retrain()).isFalse();
  }

  @Test
  void aRollbackCheckUpgradesAPendingRetrain() throws InterruptedException {
    queue.offer(drift("a"), false, true);

    queue.offer(accuracyDrop("a"), true, true);

    RetrainQueue.Job job = queue.take();
    assertThat(job.checkRollback()).isTrue();
    assertThat(job.retrain()).isTrue();
    assertThat(job.trigger().rule()).isEqualTo("accuracy_drop");
  }

  @Test
  void aFullQueueRefusesANewModelButStillCoalescesPendingOnes() {
    queue.offer(drift("a"), false, true);
    queue.offer(drift("b"), false, true);

    assertThat(queue.offer(drift("c"), false, true).outcome()).isEqualTo(Outcome.FULL);
    assertThat(queue.offer(drift("a"), false, true).outcome()).isEqualTo(Outcome.COALESCED);
    assertThat(queue.pendingModels()).containsExactly("a", "b");
  }

  @Test
  void aRefusedTriggerDoesNotStartTheCooldown() throws InterruptedException {
    queue.offer(drift("a"), false, true);
    queue.offer(drift("b"), false, true);
    queue.offer(drift("c"), false, true);
    queue.finished(queue.take().model());

    assertThat(queue.offer(drift("c"), false, true).outcome()).isEqualTo(Outcome.QUEUED);
  }

  @Test
  void jobsAreTakenInArrivalOrder() throws InterruptedException {
    queue.offer(drift("b"), false, true);
    queue.offer(drift("a"), false, true);

    assertThat(queue.take().model()).isEqualTo("b");
    assertThat(queue.take().model()).isEqualTo("a");
  }
}
