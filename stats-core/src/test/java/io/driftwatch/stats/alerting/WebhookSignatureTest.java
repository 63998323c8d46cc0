package io.driftwatch.stats.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final byte[] JEFE = "Jefe".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WHAT =
      "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
  private static final String RFC_4231_CASE_2 =
      "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

  @Test
  void signsRfc4231TestCaseTwo() {
    assertThat(WebhookSignature.sign(WHAT, JEFE)).isEqualTo(RFC_4231_CASE_2);
    assertThat(WebhookSignature.HEADER).isEqualTo("X-Driftwatch-Signature");
  }

  @Test
  void verifiesItsOwnSignatureAndRejectsTamperingAndOtherSecrets() {
    String signature = WebhookSignature.sign(WHAT, JEFE);
    byte[] tampered = "what do ya want for nothing!".getBytes(StandardCharsets.US_ASCII);

    assertThat(WebhookSignature.verify(WHAT, JEFE, signature)).isTrue();
    assertThat(
            WebhookSignature.verify(
                WHAT, JEFE, signature.toUpperCase().replace("SHA256", "sha256")))
        .isTrue();
    assertThat(WebhookSignature.verify(tampered, JEFE, signature)).isFalse();
    assertThat(WebhookSignature.verify(WHAT, "jefe".getBytes(StandardCharsets.US_ASCII), signature))
        .isFalse();
    assertThat(WebhookSignature.verify(WHAT, JEFE, signature.substring(7))).isFalse();
    assertThat(WebhookSignature.verify(WHAT, JEFE, null)).isFalse();
  }

  @Test
  void refusesAnEmptySecret() {
    assertThatThrownBy(() -> WebhookSignature.sign(WHAT, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret");
  }
}
