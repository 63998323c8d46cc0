package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionTest {

  private static final String SALT = "driftwatch-test-salt-0042";

  /** {@code printf '%s%s' driftwatch-test-salt-0042 4 | sha256sum}. */
  private static final String HASH_OF_4 =
      "34a486d9ea5a24ce362f45b43f8cfa9e2de797e45c13d95d841789b41b36d0d3";

  private static PredictionEvent event() {
    return PredictionEvent.newBuilder()
        .setRequestId("r-1")
        .setModel("m")
        .setVersion("1")
        .setVariant("champion")
        .setEventTime(Instant.parse("2025-03-01T12:00:00Z"))
        .setStatus(PredictionStatus.OK)
        .setNumericFeatures(Map.of("income", 52_000.0, "age", 41.0, "height", 1.8))
        .setCategoricalFeatures(Map.of("city", "4", "segment", "2", "zip", "7"))
        .setBatchSize(1)
        .setQueueMicros(0)
        .setLatencyMicros(10)
        .setComputeMicros(5)
        .build();
  }

  private static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void redactedFeaturesAreLeftOutWhetherNumericOrCategorical() {
    Redaction redaction = new Redaction(Set.of("income", "zip"), Set.of(), "");

    PredictionEvent logged = redaction.apply(event());

    assertThat(logged.getNumericFeatures()).containsOnlyKeys("age", "height");
    assertThat(logged.getCategoricalFeatures()).containsOnlyKeys("city", "segment");
    assertThat(logged.getRequestId()).isEqualTo("r-1");
  }

  @Test
  void hashedCategoriesBecomeSaltedSha256HexAndHashedNumbersAreLeftOut() {
    Redaction redaction = new Redaction(Set.of(), Set.of("city", "age"), SALT);

    PredictionEvent logged = redaction.apply(event());

    assertThat(logged.getCategoricalFeatures())
        .containsEntry("city", HASH_OF_4)
        .containsEntry("segment", "2");
    assertThat(logged.getNumericFeatures()).containsOnlyKeys("income", "height");
  }

  @Test
  void withoutRedactionTheEventAndErrorsAreUntouched() {
    PredictionEvent event = event();
    GatewayException error = GatewayException.badRequest("found \"SECRET\"");

    assertThat(Redaction.NONE.apply(event)).isSameAs(event);
    assertThat(Redaction.NONE.withholdValues(error, body("{\"inputs\":[{\"data\":[\"SECRET\"]}]}")))
        .isSameAs(error);
  }

  @Test
  void errorMessagesLoseEveryRequestValueButKeepWhatWasWrong() {
    Redaction redaction = new Redaction(Set.of("income"), Set.of(), "");
    byte[] request =
        body(
            "{\"inputs\": [{\"name\": \"income\", \"data\": [[52000.5, \"SECRET\"], {\"k\": 9}]}]}");

    GatewayException withheld =
        redaction.withholdValues(
            GatewayException.badRequest(
                "input 'income': found \"SECRET\", then 52000.5 and {\"k\":9}"),
            request);

    assertThat(withheld.status()).isEqualTo(400);
    assertThat(withheld.getMessage())
        .isEqualTo("input 'income': found <redacted>, then <redacted> and {\"k\":<redacted>}");
  }

  @Test
  void aBodyThatIsNotJsonIsAnsweredWithoutDetails() {
    Redaction redaction = new Redaction(Set.of("income"), Set.of(), "");

    GatewayException withheld =
        redaction.withholdValues(
            GatewayException.badRequest("malformed JSON: Unrecognized token 'SECRET'"),
            body("{\"inputs\": [SECRET]}"));

    assertThat(withheld.getMessage())
        .isEqualTo("malformed JSON (details withheld: feature redaction is on)");
  }

  @Test
  void invalidSettingsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new Redaction(Set.of(), Set.of("city"), "short"))
        .hasMessage(
            "gateway.hash-salt-file must hold a salt of at least 16 characters when"
                + " gateway.hash-features is set");
    assertThatThrownBy(() -> new Redaction(Set.of("city"), Set.of("city"), SALT))
        .hasMessageStartingWith("gateway.hash-features: feature 'city' is also in");
    assertThatThrownBy(() -> new Redaction(Set.of(" "), Set.of(), ""))
        .hasMessage("gateway.redact-features must not hold a blank feature name");
  }

  @Test
  void toStringNeverShowsTheSalt() {
    assertThat(new Redaction(Set.of(), Set.of("city"), SALT).toString())
        .doesNotContain(SALT)
        .contains("salt=set");
  }
}
