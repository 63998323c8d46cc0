package io.driftwatch.retraining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's single background worker: takes one job at a time from the {@link RetrainQueue}
 * and, for a rollback check, asks the gateway for the model's traffic and rolls back when {@link
 * RollbackPolicy} says so (a rollback replaces the retrain); otherwise, or when the rollback is not
 * eligible or fails, retrains when the job asks for it. Runs until interrupted.
 */
final class RetrainWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RetrainWorker.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RetrainQueue queue;
  private final Retrainer retrainer;
  private final GatewayClient gateway;
  private final RollbackPolicy rollbackPolicy;
  private final DecisionLog log;
  private final Clock clock;

  RetrainWorker(
      RetrainQueue queue,
      Retrainer retrainer,
      GatewayClient gateway,
      RollbackPolicy rollbackPolicy,
      DecisionLog log,
      Clock clock) {
    this.queue = queue;
    this.retrainer = retrainer;
    this.gateway = gateway;
    this.rollbackPolicy = rollbackPolicy;
    this.log = log;
    this.clock = clock;
  }

  @Override
  public void run() {
    while (!Thread.currentThread().isInterrupted()) {
      RetrainQueue.Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        handle(job);
      } catch (RuntimeException e) {
        LOG.error("job for model {} failed", job.model(), e);
        log.record(Decision.about(job.trigger(), clock.instant(), Action.FAILED, e.toString()));
      } finally {
        queue.finished(job.model());
      }
    }
  }

  void handle(RetrainQueue.Job job) {
    if (job.checkRollback() && rolledBack(job.trigger())) {
      return;
    }
    if (job.retrain()) {
      log.record(retrainer.retrain(job.trigger()));
    }
  }

  /** Whether the gateway rolled the model back; records what happened either way. */
  private boolean rolledBack(ReceivedAlert alert) {
    try {
      TrafficState traffic = gateway.traffic(alert.model());
      RollbackPolicy.Verdict verdict = rollbackPolicy.decide(alert, traffic, clock.instant());
      if (!verdict.rollBack()) {
        record(alert, Action.ROLLBACK_NOT_ELIGIBLE, verdict.explanation());
        return false;
      }
      GatewayClient.Answer answer = gateway.rollback(alert.model(), verdict.explanation());
      if (answer.status() == 200) {
        record(
            alert,
            Action.ROLLED_BACK,
            verdict.explanation() + "; champion is now " + champion(answer.body()));
        return true;
      }
      record(
          alert,
          Action.ROLLBACK_FAILED,
          "HTTP "
              + answer.status()
              + (answer.status() == 409 ? " (nothing to roll back to)" : "")
              + ": "
              + answer.error());
    } catch (IOException e) {
      record(alert, Action.ROLLBACK_FAILED, "gateway: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      record(alert, Action.ROLLBACK_FAILED, "interrupted");
    }
    return false;
  }

  private static String champion(String trafficJson) {
    try {
      JsonNode node = JSON.readTree(trafficJson);
      return node != null && node.hasNonNull("champion") ? node.get("champion").asText() : "?";
    } catch (IOException e) {
      return "?";
    }
  }

  private void record(ReceivedAlert alert, Action action, String detail) {
    log.record(Decision.about(alert, clock.instant(), action, detail));
  }
}
