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
            .withDevice(Device.CPU);

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
                Device.CPU));
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
  }
}
