package io.driftwatch.retraining;

import io.driftwatch.training.DemoModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrains one model from recent labeled traffic and has the gateway load the result.
 *
 * <p>Steps: read the last {@code lookback} of predictions and labels ({@link
 * LabeledTrafficReader}); skip when fewer than {@code minSamples} rows joined; train the demo model
 * with Tribuo exactly as the build does ({@link DemoModel#writeVersion}, same trainer and
 * hyperparameters) on <em>those rows only</em>, so the new version fits the traffic it now serves
 * and its reference profile (built from the same rows) measures drift against that traffic rather
 * than against the original training data; publish it as the highest existing version + 1 ({@link
 * VersionPublisher}) with lineage naming the parent version, the trigger and the data; then {@code
 * POST /v2/repository/models/{model}/load} on the gateway.
 *
 * <p>Only the demo model ({@value DemoModel#NAME}) has a trainer; alerts of other models are
 * skipped with that reason. Called only from the single worker thread.
 */
public final class Retrainer {

  private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);

  private final LabeledTrafficReader reader;
  private final VersionPublisher publisher;
  private final GatewayClient gateway;
  private final Clock clock;
  private final Duration lookback;
  private final int minSamples;
  private final long seed;

  public Retrainer(
      LabeledTrafficReader reader,
      VersionPublisher publisher,
      GatewayClient gateway,
      Clock clock,
      Duration lookback,
      int minSamples,
      long seed) {
    this.reader = reader;
    this.publisher = publisher;
    this.gateway = gateway;
    this.clock = clock;
    this.lookback = lookback;
    this.minSamples = minSamples;
    this.seed = seed;
  }

  /** Retrains {@code trigger}'s model; the decision says what happened (never throws). */
  public Decision retrain(ReceivedAlert trigger) {
    String model = trigger.model();
    if (!DemoModel.NAME.equals(model)) {
      return decision(
          trigger,
          Action.SKIPPED,
          "no trainer for model " + model + " (only the demo model " + DemoModel.NAME + ")");
    }
    String newVersion;
    Path published;
    LabeledRows data;
    try {
      Instant now = clock.instant();
      data = reader.read(model, now.minus(lookback));
      if (data.rows().size() < minSamples) {
        return decision(
            trigger,
            Action.SKIPPED,
            "too few labeled rows: " + data.describe() + "; need --min-samples " + minSamples);
      }
      long highest = publisher.highestVersion(model);
      newVersion = Long.toString(highest + 1);
      // The version the alert fired on is the one being replaced; without a label, the newest.
      String parent =
          trigger.version() != null && !trigger.version().isBlank()
              ? trigger.version()
              : highest > 0 ? Long.toString(highest) : "none";
      Map<String, String> lineage = lineage(trigger, parent, data);
      published =
          publisher.publish(
              model,
              newVersion,
              staging -> DemoModel.writeVersion(staging, newVersion, data.rows(), seed, lineage));
    } catch (IOException | RuntimeException e) {
      LOG.warn("retraining {} after {} failed", model, trigger.rule(), e);
      return decision(trigger, Action.FAILED, "retrain failed: " + e);
    }
    String written =
        "version " + newVersion + " written to " + published + " (" + data.describe() + ")";
    try {
      GatewayClient.Answer answer = gateway.load(model);
      if (answer.status() == 200) {
        return decision(trigger, Action.RETRAINED, written + "; the gateway loaded it")
            .withVersion(newVersion);
      }
      return decision(
              trigger,
              Action.LOAD_FAILED,
              written
                  + "; the gateway did not load it: HTTP "
                  + answer.status()
                  + ": "
                  + answer.error())
          .withVersion(newVersion);
    } catch (IOException e) {
      return decision(trigger, Action.LOAD_FAILED, written + "; gateway unreachable: " + e)
          .withVersion(newVersion);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return decision(trigger, Action.LOAD_FAILED, written + "; interrupted before the load call")
          .withVersion(newVersion);
    }
  }

  private Map<String, String> lineage(ReceivedAlert trigger, String parent, LabeledRows data) {
    Map<String, String> lineage = new TreeMap<>();
    lineage.put("parent_version", parent);
    lineage.put("trigger_rule", trigger.rule());
    lineage.put("trigger_fingerprint", trigger.fingerprint());
    lineage.put("trigger_value", trigger.value());
    lineage.put("trigger_starts_at", trigger.startsAt());
    lineage.put(
        "source",
        "Kafka predictions joined with labels by request id, lookback "
            + lookback
            + " (recent rows only)");
    lineage.put("data_from", String.valueOf(data.from()));
    lineage.put("data_to", String.valueOf(data.to()));
    lineage.put("retrained_by", "driftwatch retrain");
    return lineage;
  }

  private Decision decision(ReceivedAlert trigger, Action action, String detail) {
    return Decision.about(trigger, clock.instant(), action, detail);
  }
}
