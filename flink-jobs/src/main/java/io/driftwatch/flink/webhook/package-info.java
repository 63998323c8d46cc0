/**
 * Webhook delivery of alert transitions: the Alertmanager-shaped JSON of each {@code Alert}, signed
 * when a secret is set, POSTed to every receiver with retries and dead letters.
 */
package io.driftwatch.flink.webhook;
