package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  private static final Path REPOSITORY = Path.of("models");
  private final GatewayConfig defaults = GatewayConfig.defaults(REPOSITORY, "127.0.0.1:9092");

  @Test
  void defaultsServeLoopbackOnPort8080WithTheContractTopics() {
    assertThat(defaults.host()).isEqualTo("127.0.0.1");
    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.modelRepository()).isEqualTo(REPOSITORY);
    assertThat(defaults.predictionsTopic()).isEqualTo("predictions");
    assertThat(defaults.labelsTopic()).isEqualTo("labels");
    assertThat(defaults.predictionLogCapacity()).isEqualTo(10_000);
    assertThat(defaults.maxBodyBytes()).isEqualTo(8L * 1024 * 1024);
    assertThat(defaults.device()).isEqualTo(Device.AUTO);
    assertThat(defaults.predictionLog()).isTrue();
    assertThat(defaults.batching()).isEqualTo(BatchingConfig.OFF);
    assertThat(defaults.batching().enabled()).isFalse();
  }

  @Test
  void withersChangeOnlyTheirField() {
    GatewayConfig changed =
        defaults
            .withPort(0)
            .withHost("0.0.0.0")
            .withTopics("p", "l")
            .withPredictionLogCapacity(3)
            .withMaxBodyBytes(100)
            .withDevice(Device.CPU)
            .withPredictionLog(false)
            .withBatching(new BatchingConfig(32, 500, 64));

    assertThat(changed)
        .isEqualTo(
            new GatewayConfig(
                "0.0.0.0",
                0,
                REPOSITORY,
                "127.0.0.1:9092",
                "p",
                "l",
                "model-events",
                3,
                100,
                Device.CPU,
                ModelLifecycle.defaults(),
                false,
                new BatchingConfig(32, 500, 64)));
  }

  @Test
  void rejectsAPortOutsideTheTcpRangeNamingTheKey() {
    assertThatThrownBy(() -> defaults.withPort(65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gateway.port must be 0..65535");
    assertThatThrownBy(() -> defaults.withPort(-1)).hasMessageContaining("gateway.port");
  }

  @Test
  void rejectsEveryInvalidFieldNamingItsKey() {
    assertThatThrownBy(() -> defaults.withHost(" ")).hasMessageContaining("gateway.host");
    assertThatThrownBy(() -> GatewayConfig.defaults(REPOSITORY, ""))
        .hasMessageContaining("gateway.bootstrap-servers");
    assertThatThrownBy(() -> GatewayConfig.defaults(null, "k:9092"))
        .hasMessageContaining("gateway.model-repository");
    assertThatThrownBy(() -> defaults.withTopics("", "labels"))
        .hasMessageContaining("gateway.predictions-topic");
    assertThatThrownBy(() -> defaults.withTopics("predictions", null))
        .hasMessageContaining("gateway.labels-topic");
    assertThatThrownBy(() -> defaults.withPredictionLogCapacity(0))
        .hasMessageContaining("gateway.prediction-log-capacity");
    assertThatThrownBy(() -> defaults.withMaxBodyBytes(0))
        .hasMessageContaining("gateway.max-body-bytes");
    assertThatThrownBy(() -> defaults.withMaxBodyBytes(1L << 32))
        .hasMessageContaining("gateway.max-body-bytes");
    assertThatThrownBy(() -> defaults.withDevice(null)).hasMessageContaining("gateway.device");
    assertThatThrownBy(() -> defaults.withBatching(null))
        .hasMessageContaining("gateway.max-batch-size");
  }

  @Test
  void batchingRejectsEveryInvalidOptionNamingItsKey() {
    assertThatThrownBy(() -> new BatchingConfig(0, 0, 1))
        .hasMessageContaining("gateway.max-batch-size must be 1..65536, was 0");
    assertThatThrownBy(() -> new BatchingConfig(8, -1, 1))
        .hasMessageContaining("gateway.max-queue-delay-us");
    assertThatThrownBy(() -> new BatchingConfig(8, 10_000_001, 1))
        .hasMessageContaining("gateway.max-queue-delay-us");
    assertThatThrownBy(() -> new BatchingConfig(8, 100, 0))
        .hasMessageContaining("gateway.max-queue-size");
  }

  @Test
  void batchingIsOnlyOnAboveOneRowPerBatch() {
    assertThat(new BatchingConfig(1, 500, 10).enabled()).isFalse();
    assertThat(new BatchingConfig(2, 0, 10).enabled()).isTrue();
  }
}
