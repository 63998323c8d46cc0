package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelLifecycleTest {

  @Test
  void defaultsToNoPollingLatestTwoAndSixtyFourQueuedShadowCopies() {
    ModelLifecycle defaults = ModelLifecycle.defaults();

    assertThat(defaults.repositoryPollInterval()).isZero();
    assertThat(defaults.defaultVersionPolicy()).isEqualTo(new VersionPolicy.Latest(2));
    assertThat(defaults.shadowQueueCapacity()).isEqualTo(64);
  }

  @Test
  void refusesBadSettingsNamingTheKey() {
    ModelLifecycle defaults = ModelLifecycle.defaults();

    assertThatThrownBy(() -> defaults.withRepositoryPollInterval(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("gateway.repository-poll-interval must not be negative");
    assertThatThrownBy(() -> defaults.withShadowQueueCapacity(0))
        .hasMessageStartingWith("gateway.shadow-queue-capacity must be at least 1");
    assertThatThrownBy(() -> defaults.withDefaultVersionPolicy(null))
        .hasMessageStartingWith("gateway.default-version-policy");
  }
}
