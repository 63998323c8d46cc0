/**
 * The retraining receiver: takes Alertmanager-shaped webhooks from the monitoring job, decides per
 * alert whether to retrain the model, roll its champion back on the gateway, or only record it, and
 * does that work on one background thread.
 *
 * <p>Flow: {@link io.driftwatch.retraining.RetrainingReceiver} (HTTP) → {@link
 * io.driftwatch.retraining.WebhookParser} → {@link io.driftwatch.retraining.TriggerPolicy} → {@link
 * io.driftwatch.retraining.RetrainQueue} (coalescing, cooldown) → {@link
 * io.driftwatch.retraining.RetrainWorker} → {@link io.driftwatch.retraining.RollbackPolicy} and
 * {@link io.driftwatch.retraining.GatewayClient}, or {@link io.driftwatch.retraining.Retrainer}
 * ({@link io.driftwatch.retraining.LabeledTrafficReader} from Kafka, Tribuo training, {@link
 * io.driftwatch.retraining.VersionPublisher}). Every outcome is a {@link
 * io.driftwatch.retraining.Decision} in the {@link io.driftwatch.retraining.DecisionLog}.
 */
package io.driftwatch.retraining;
