package io.driftwatch.flink.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InfluxDbSinkConfigTest {

  private static final InfluxDbSinkConfig DEFAULTS =
      InfluxDbSinkConfig.of(URI.create("http://127.0.0.1:8086"), "driftwatch");

  @Test
  void backoffDoublesFromTheInitialWaitUpToTheCap() {
    InfluxDbSinkConfig config =
        DEFAULTS.withRetries(10, Duration.ofMillis(200), Duration.ofSeconds(1));

    assertThat(IntStream.rangeClosed(1, 5).mapToObj(config::backoffAfter))
        .containsExactly(
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    assertThat(config.backoffAfter(99)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void errorsNameTheOffendingKey() {
    assertThatThrownBy(() -> InfluxDbSinkConfig.of(URI.create("ftp://x"), "db"))
        .hasMessageStartingWith("influx-url");
    assertThatThrownBy(() -> InfluxDbSinkConfig.of(DEFAULTS.url(), "bad\"name"))
        .hasMessageStartingWith("influx-database");
    assertThatThrownBy(() -> DEFAULTS.withBatching(0, Duration.ofSeconds(1)))
        .hasMessageStartingWith("influx-batch-size");
    assertThatThrownBy(() -> DEFAULTS.withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageStartingWith("influx-max-attempts");
    assertThatThrownBy(() -> DEFAULTS.withRetries(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageStartingWith("influx-max-backoff");
    assertThatThrownBy(() -> DEFAULTS.withCredentials("admin", null))
        .hasMessageContaining("influx-password");
  }

  @Test
  void toStringHidesThePassword() {
    assertThat(DEFAULTS.withCredentials("admin", "s3cret").toString())
        .contains("admin")
        .doesNotContain("s3cret");
  }
}
