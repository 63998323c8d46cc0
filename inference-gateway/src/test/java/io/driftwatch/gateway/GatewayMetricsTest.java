package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry);

  @Test
  void recordsEveryRequestOfAVersionIntoTheSameMeters() {
    for (int i = 0; i < 3; i++) {
      metrics.versionStarted("weather", "2");
      metrics.succeeded("weather", "2", 2_000_000, 500_000, 1_000_000, 4);
      metrics.versionFinished("weather", "2");
    }
    metrics.versionStarted("weather", "2");

    assertThat(registry.get("gateway.inference.success").tag("version", "2").counter().count())
        .isEqualTo(3);
    var request =
        registry.get("gateway.inference.request.duration").tag("model", "weather").timer();
    assertThat(request.count()).isEqualTo(3);
    assertThat(request.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(6);
    assertThat(registry.get("gateway.inference.batch.size").summary().totalAmount()).isEqualTo(12);
    assertThat(registry.get("gateway.inference.version.pending").gauge().value()).isEqualTo(1);
  }

  @Test
  void countsFailuresOfInventedModelsUnderOneSeriesPastTheBound() {
    for (int i = 0; i < GatewayMetrics.MAX_FAILURE_SERIES + 500; i++) {
      metrics.failed("no-such-model-" + i, "", 404);
    }
    metrics.failed("no-such-model-3", "", 404);

    assertThat(registry.find("gateway.inference.failure").counters())
        .hasSize(GatewayMetrics.MAX_FAILURE_SERIES + 1);
    assertThat(
            registry
                .get("gateway.inference.failure")
                .tag("model", GatewayMetrics.OTHER_MODEL)
                .counter()
                .count())
        .isEqualTo(500);
    assertThat(
            registry
                .get("gateway.inference.failure")
                .tag("model", "no-such-model-3")
                .counter()
                .count())
        .as("a series that exists goes on counting")
        .isEqualTo(2);
  }
}
