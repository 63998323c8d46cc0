package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.flink.source.StartingOffsets;
import io.driftwatch.flink.webhook.WebhookSinkConfig;
import io.driftwatch.stats.alerting.AlertRule;
import io.driftwatch.stats.alerting.AlertRules;
import io.driftwatch.stats.alerting.RetryPolicy;
import io.driftwatch.stats.drift.DriftMethod;
import io.driftwatch.stats.profile.ColumnKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorConfigTest {

  @Test
  void defaultsMatchTheProductContract() {
    MonitorConfig config = MonitorConfig.defaults();

    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.predictionsTopic()).isEqualTo("predictions");
    assertThat(config.groupId()).isEqualTo("driftwatch-monitor");
    assertThat(config.startingOffsets()).isEqualTo(StartingOffsets.COMMITTED);
    assertThat(config.influxUrl()).isEqualTo(URI.create("http://127.0.0.1:8086"));
    assertThat(config.influxDatabase()).isEqualTo("driftwatch");
    assertThat(config.influxUser()).isNull();
    assertThat(config.servingWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.outOfOrderness()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.modelEventsTopic()).isEqualTo("model-events");
    assertThat(config.drift().window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.drift().tumbling()).isTrue();
    assertThat(config.drift().policy().methodFor("age", ColumnKind.NUMERIC))
        .isEqualTo(DriftMethod.KS);
    assertThat(config.drift().policy().methodFor("plan", ColumnKind.CATEGORICAL))
        .isEqualTo(DriftMethod.CHI2);
  }

  @Test
  void parsesDriftWindowsMethodsAndThresholds() {
    MonitorConfig config =
        MonitorConfig.fromArgs(
            "--drift-window=2min",
            "--drift-slide=30s",
            "--drift-numeric-method=psi",
            "--drift-methods=income=WASSERSTEIN, plan=linf",
            "--drift-psi-threshold=0.25",
            "--drift-min-samples=100");

    assertThat(config.drift().window()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.drift().slide()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.drift().tumbling()).isFalse();
    assertThat(config.drift().policy().methodFor("age", ColumnKind.NUMERIC))
        .isEqualTo(DriftMethod.PSI);
    assertThat(config.drift().policy().methodFor("income", ColumnKind.NUMERIC))
        .isEqualTo(DriftMethod.WASSERSTEIN);
    assertThat(config.drift().policy().methodFor("plan", ColumnKind.CATEGORICAL))
        .isEqualTo(DriftMethod.LINF);
    assertThat(config.drift().policy().thresholds().psi()).isEqualTo(0.25);
    assertThat(config.drift().policy().minSamples()).isEqualTo(100);
  }

  @Test
  void invalidDriftOptionsNameTheirKey() {
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--drift-numeric-method=ttest"))
        .hasMessageStartingWith("drift-numeric-method")
        .hasMessageContaining("KS");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--drift-methods=age"))
        .hasMessageStartingWith("drift-methods");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--drift-window=1min", "--drift-slide=2min"))
        .hasMessageStartingWith("drift-slide");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--drift-ks-alpha=often"))
        .hasMessageStartingWith("drift-ks-alpha");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--drift-max-pending-windows=0"))
        .hasMessageStartingWith("drift-max-pending-windows");
  }

  @Test
  void parsesKeyValueOptionsWithDurationUnits() {
    MonitorConfig config =
        MonitorConfig.fromArgs(
            "--bootstrap-servers=kafka:9093",
            "--starting-offsets=LATEST",
            "--influx-url=http://influx:8086",
            "--influx-user=writer",
            "--influx-password=s3cret",
            "--serving-window=1 min",
            "--out-of-orderness=500ms",
            "--idle-timeout=750");

    assertThat(config.bootstrapServers()).isEqualTo("kafka:9093");
    assertThat(config.startingOffsets()).isEqualTo(StartingOffsets.LATEST);
    assertThat(config.influx().user()).isEqualTo("writer");
    assertThat(config.influx().url()).isEqualTo(URI.create("http://influx:8086"));
    assertThat(config.serving().window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.outOfOrderness()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void rejectsUnknownRepeatedAndMalformedOptions() {
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--windw=10s"))
        .hasMessage("unknown option --windw; see --help");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--group-id=a", "--group-id=b"))
        .hasMessageContaining("--group-id given twice");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("serving-window=10s"))
        .hasMessageContaining("expected --key=value");
  }

  @Test
  void invalidValuesNameTheirKey() {
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--serving-window=soon"))
        .hasMessageStartingWith("serving-window");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--serving-window=0s"))
        .hasMessageStartingWith("serving-window");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--starting-offsets=newest"))
        .hasMessageStartingWith("starting-offsets");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--idle-timeout=-1s"))
        .hasMessageStartingWith("idle-timeout");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--influx-url=localhost:8086"))
        .hasMessageStartingWith("influx-url");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--influx-user=writer"))
        .hasMessageContaining("influx-password");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--bootstrap-servers="))
        .hasMessageStartingWith("bootstrap-servers");
  }

  @Test
  void qualityDefaultsJoinLabelsForTenMinutesIntoOneMinuteWindowsWithAllDetectors() {
    MonitorConfig config = MonitorConfig.defaults();

    assertThat(config.labelsTopic()).isEqualTo("labels");
    assertThat(config.quality().labelMaxDelay()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.quality().window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.quality().detectors()).containsExactly("adwin", "ddm", "page_hinkley");
    assertThat(config.quality().comparisonMinSamples()).isEqualTo(100);
  }

  @Test
  void parsesQualityOptions() {
    MonitorConfig config =
        MonitorConfig.fromArgs(
            "--labels-topic=truth",
            "--label-max-delay=1h",
            "--quality-window=30s",
            "--detectors=ADWIN, page_hinkley",
            "--comparison-min-samples=500");

    assertThat(config.labelsTopic()).isEqualTo("truth");
    assertThat(config.quality().labelMaxDelay()).isEqualTo(Duration.ofHours(1));
    assertThat(config.quality().window()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.quality().detectors()).containsExactly("adwin", "page_hinkley");
    assertThat(config.quality().detectorConfigs())
        .extracting(c -> c.detectorName())
        .containsExactly("adwin", "page_hinkley");
    assertThat(config.quality().comparisonMinSamples()).isEqualTo(500);
    assertThat(MonitorConfig.fromArgs("--detectors=").quality().detectors()).isEmpty();
  }

  @Test
  void invalidQualityOptionsNameTheirKey() {
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--labels-topic= "))
        .hasMessageStartingWith("labels-topic");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--label-max-delay=0s"))
        .hasMessageStartingWith("label-max-delay");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--label-max-delay=later"))
        .hasMessageStartingWith("label-max-delay");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--quality-window=-1min"))
        .hasMessageStartingWith("quality-window");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--detectors=adwin,cusum"))
        .hasMessageStartingWith("detectors")
        .hasMessageContaining("cusum");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--detectors=ddm,ddm"))
        .hasMessageStartingWith("detectors");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--comparison-min-samples=1"))
        .hasMessageStartingWith("comparison-min-samples");
  }

  @Test
  void usageListsTheQualityOptions() {
    assertThat(MonitorConfig.usage())
        .contains(
            "--labels-topic=",
            "--label-max-delay=",
            "--quality-window=",
            "--detectors=",
            "--comparison-min-samples=");
  }

  @Test
  void alertsGoToTheAlertsTopicWithTheShippedRulesByDefault() {
    MonitorConfig config = MonitorConfig.defaults();

    assertThat(config.alertsTopic()).isEqualTo("alerts");
    assertThat(config.alertRules()).isEqualTo(AlertRules.defaults());
    assertThat(MonitorConfig.usage()).contains("--alert-rules=PATH", "--alerts-topic=NAME");
  }

  @Test
  void firingAlertsGoStaleAfterThreeSilentWindowsUnlessToldOtherwise() {
    assertThat(MonitorConfig.defaults().alertStaleWindows()).isEqualTo(3);
    assertThat(MonitorConfig.fromArgs("--alert-stale-windows=0").alertStaleWindows()).isZero();
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--alert-stale-windows=-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alert-stale-windows");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--alert-stale-windows=three"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("alert-stale-windows: ");
  }

  @Test
  void readsTheAlertRuleFileOnce(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("rules.yaml"),
            """
            rules:
              - name: slow
                measurement: serving
                field: latency_p99_ms
                comparison: ">"
                threshold: 80
            """);

    MonitorConfig config = MonitorConfig.fromArgs("--alert-rules=" + file, "--alerts-topic=pager");

    assertThat(config.alertsTopic()).isEqualTo("pager");
    assertThat(config.alertRules().rules()).extracting(AlertRule::name).containsExactly("slow");
  }

  @Test
  void rejectsAMissingOrInvalidRuleFileNamingTheKey(@TempDir Path dir) throws IOException {
    Path invalid = Files.writeString(dir.resolve("bad.yaml"), "rules:\n  - name: x\n");

    assertThatThrownBy(() -> MonitorConfig.fromArgs("--alert-rules=" + dir.resolve("none.yaml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("alert-rules: ");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--alert-rules=" + invalid))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("alert-rules: ")
        .hasMessageContaining("measurement");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--alerts-topic="))
        .hasMessageContaining("alerts-topic");
  }

  @Test
  void attachesNoWebhookSinkByDefault() {
    MonitorConfig config = MonitorConfig.defaults();

    assertThat(config.alertWebhooks()).isEmpty();
    assertThat(config.webhooks()).isEmpty();
    assertThat(config.deadLettersTopic()).isEqualTo("dead-letters");
    assertThat(config.alertWebhookTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void parsesWebhookReceiversSecretAndTimeout() {
    MonitorConfig config =
        MonitorConfig.fromArgs(
            "--alert-webhooks=http://127.0.0.1:9000/hook, https://hooks.example.com/a",
            "--alert-webhook-secret=s3cret",
            "--alert-webhook-timeout=2s",
            "--dead-letters-topic=dl",
            "--bootstrap-servers=kafka:9092");

    WebhookSinkConfig webhooks = config.webhooks().orElseThrow();
    assertThat(webhooks.receivers())
        .containsExactly(
            URI.create("http://127.0.0.1:9000/hook"), URI.create("https://hooks.example.com/a"));
    assertThat(webhooks.secret()).isEqualTo("s3cret");
    assertThat(webhooks.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(webhooks.deadLettersTopic()).isEqualTo("dl");
    assertThat(webhooks.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(webhooks.retry()).isEqualTo(RetryPolicy.defaults());
    assertThat(config.toString()).doesNotContain("s3cret");
    assertThat(webhooks.toString()).doesNotContain("s3cret");
  }

  @Test
  void invalidWebhookOptionsNameTheirKey() {
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--alert-webhooks=ftp://example.com/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("alert-webhooks: ");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--alert-webhooks=hooks.example.com"))
        .hasMessageStartingWith("alert-webhooks: ");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--alert-webhooks=http://bad host/"))
        .hasMessageStartingWith("alert-webhooks: ");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--alert-webhook-secret="))
        .hasMessageContaining("alert-webhook-secret");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--alert-webhook-timeout=0s"))
        .hasMessageContaining("alert-webhook-timeout");
    assertThatThrownBy(() -> MonitorConfig.fromArgs("--dead-letters-topic="))
        .hasMessageContaining("dead-letters-topic");
  }

  @Test
  void usageListsTheWebhookOptions() {
    assertThat(MonitorConfig.usage())
        .contains("--alert-webhooks=", "--alert-webhook-secret=", "--alert-webhook-timeout=")
        .contains("--dead-letters-topic=");
  }
}
