package io.driftwatch.flink.webhook;

import io.driftwatch.stats.alerting.RetryPolicy;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of {@link WebhookSink}.
 *
 * @param receivers receiver URLs, http or https, at least one; each gets every alert
 * @param secret HMAC-SHA256 key of the {@code X-Driftwatch-Signature} header, or null for unsigned
 * @param timeout connect and response timeout of one attempt, positive; default 5 s
 * @param retry attempts and backoff per receiver and alert; default {@link RetryPolicy#defaults()}
 * @param maxInFlightPerReceiver deliveries (including their retries) under way per receiver before
 *     {@code write} waits, at least 1; default 4
 * @param bootstrapServers Kafka servers of the dead-letter producer
 * @param deadLettersTopic topic of undeliverable alerts; default {@code dead-letters}
 * @param receiverName the Alertmanager {@code receiver} field; default {@code driftwatch}
 */
public record WebhookSinkConfig(
    List<URI> receivers,
    String secret,
    Duration timeout,
    RetryPolicy retry,
    int maxInFlightPerReceiver,
    String bootstrapServers,
    String deadLettersTopic,
    String receiverName)
    implements Serializable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_IN_FLIGHT = 4;
  public static final String DEFAULT_RECEIVER_NAME = "driftwatch";

  public WebhookSinkConfig {
    if (receivers == null || receivers.isEmpty()) {
      throw new IllegalArgumentException("alert-webhooks must name at least one URL");
    }
    receivers = List.copyOf(receivers);
    for (URI url : receivers) {
      requireHttp(url);
    }
    if (secret != null && secret.isEmpty()) {
      throw new IllegalArgumentException("alert-webhook-secret must not be empty");
    }
    Objects.requireNonNull(timeout, "alert-webhook-timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("alert-webhook-timeout must be positive, was " + timeout);
    }
    Objects.requireNonNull(retry, "retry");
    if (maxInFlightPerReceiver < 1) {
      throw new IllegalArgumentException(
          "maxInFlightPerReceiver must be at least 1, was " + maxInFlightPerReceiver);
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap-servers must not be empty");
    }
    if (deadLettersTopic == null || deadLettersTopic.isBlank()) {
      throw new IllegalArgumentException("dead-letters-topic must not be empty");
    }
    if (receiverName == null || receiverName.isBlank()) {
      throw new IllegalArgumentException("receiverName must not be blank");
    }
  }

  /** Defaults for everything but the receivers, secret and Kafka settings. */
  public static WebhookSinkConfig of(
      List<URI> receivers, String secret, String bootstrapServers, String deadLettersTopic) {
    return new WebhookSinkConfig(
        receivers,
        secret,
        DEFAULT_TIMEOUT,
        RetryPolicy.defaults(),
        DEFAULT_MAX_IN_FLIGHT,
        bootstrapServers,
        deadLettersTopic,
        DEFAULT_RECEIVER_NAME);
  }

  public WebhookSinkConfig withTimeout(Duration value) {
    return new WebhookSinkConfig(
        receivers,
        secret,
        value,
        retry,
        maxInFlightPerReceiver,
        bootstrapServers,
        deadLettersTopic,
        receiverName);
  }

  public WebhookSinkConfig withRetry(RetryPolicy value) {
    return new WebhookSinkConfig(
        receivers,
        secret,
        timeout,
        value,
        maxInFlightPerReceiver,
        bootstrapServers,
        deadLettersTopic,
        receiverName);
  }

  /** An absolute http or https URL with a host, or an error naming {@code alert-webhooks}. */
  public static URI requireHttp(URI url) {
    String scheme = url == null ? null : url.getScheme();
    if (scheme == null
        || !List.of("http", "https").contains(scheme.toLowerCase(Locale.ROOT))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "alert-webhooks: expected an http(s) URL with a host, got '" + url + "'");
    }
    return url;
  }

  @Override
  public String toString() {
    return "WebhookSinkConfig[receivers="
        + receivers
        + ", secret="
        + (secret == null ? "null" : "***")
        + ", timeout="
        + timeout
        + ", retry="
        + retry
        + ", maxInFlightPerReceiver="
        + maxInFlightPerReceiver
        + ", deadLettersTopic="
        + deadLettersTopic
        + "]";
  }
}
