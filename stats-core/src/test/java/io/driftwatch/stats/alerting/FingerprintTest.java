package io.driftwatch.stats.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void sameLabelsInAnotherInsertionOrderGiveTheSameFingerprint() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("alertname", "error_rate_high");
    one.put("model", "iris");
    one.put("version", "1");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("version", "1");
    other.put("model", "iris");
    other.put("alertname", "error_rate_high");

    assertThat(Fingerprint.of(one)).isEqualTo(Fingerprint.of(other)).matches("[0-9a-f]{16}");
  }

  @Test
  void differentLabelsGiveDifferentFingerprints() {
    String base = Fingerprint.of(Map.of("alertname", "a", "model", "iris"));

    assertThat(Fingerprint.of(Map.of("alertname", "a", "model", "wine"))).isNotEqualTo(base);
    assertThat(Fingerprint.of(Map.of("alertname", "a", "model", "iris", "version", "1")))
        .isNotEqualTo(base);
    // The separator keeps a value from running into the next label.
    assertThat(Fingerprint.of(Map.of("a", "b", "c", "")))
        .isNotEqualTo(Fingerprint.of(Map.of("a", "bc")));
  }

  @Test
  void matchesTheDocumentedHashComputedIndependently() {
    // Python: hashlib.sha256(b"alertname\xfferror_rate_high\xffmodel\xffiris\xffseverity\xff"
    //   b"critical\xffversion\xff1\xff").hexdigest()[:16]
    assertThat(
            Fingerprint.of(
                Map.of(
                    "model",
                    "iris",
                    "version",
                    "1",
                    "alertname",
                    "error_rate_high",
                    "severity",
                    "critical")))
        .isEqualTo("4e8a7f1ff6cffd66");
  }
}
