package io.driftwatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayClientTest {

  private static final String TRAFFIC =
      "{\"champion\": \"2\", \"previous_champion\": \"1\","
          + " \"champion_since\": \"2026-03-01T10:00:00Z\"}";

  private FakeGateway gateway;

  @BeforeEach
  void startGateway() throws Exception {
    gateway =
        new FakeGateway()
            .answer("POST", "/v2/repository/models/weather/load", 200, "{}")
            .answer("POST", "/v2/repository/models/weather/rollback", 200, "{}")
            .answer("GET", "/v2/repository/models/weather/traffic", 200, TRAFFIC);
  }

  @AfterEach
  void stopGateway() {
    gateway.close();
  }

  @Test
  void sendsTheTokenAsABearerOnEveryCall() throws Exception {
    GatewayClient client = new GatewayClient(gateway.url(), Duration.ofSeconds(5), "s3cret");

    assertThat(client.load("weather").status()).isEqualTo(200);
    assertThat(client.traffic("weather").champion()).isEqualTo("2");
    assertThat(client.rollback("weather", "accuracy_drop").status()).isEqualTo(200);

    assertThat(gateway.requests())
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer s3cret"));
  }

  @Test
  void sendsNoAuthorizationWithoutAToken() throws Exception {
    GatewayClient client = new GatewayClient(gateway.url(), Duration.ofSeconds(5));

    client.load("weather");

    assertThat(gateway.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.authorization()).isNull());
  }
}
