package io.driftwatch.flink.webhook;

import io.driftwatch.schemas.Alert;
import java.time.Clock;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * POSTs every FIRING and RESOLVED {@link Alert} as Alertmanager webhook JSON to each configured
 * receiver, at least once across checkpoints: each parallel {@link WebhookWriter} sends
 * asynchronously, retries with backoff, dead-letters what it cannot deliver, and lets a checkpoint
 * complete only when every delivery it started has ended. A restore may therefore repeat a
 * notification; receivers deduplicate by fingerprint, status and {@code startsAt}/{@code endsAt}.
 */
public final class WebhookSink implements Sink<Alert> {

  private static final long serialVersionUID = 1L;

  private final WebhookSinkConfig config;

  public WebhookSink(WebhookSinkConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public SinkWriter<Alert> createWriter(WriterInitContext context) {
    return new WebhookWriter(config, context.metricGroup(), Clock.systemUTC());
  }
}
