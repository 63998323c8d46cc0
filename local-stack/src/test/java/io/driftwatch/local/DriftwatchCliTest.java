package io.driftwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import io.driftwatch.training.DemoModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftwatchCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cli = Driftwatch.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void listsItsCommandsInHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("demo", "gateway", "monitor", "profile", "retrain");
  }

  @Test
  void profilesATrainingCsvByRunningTheModelAndWritesItBesideTheVersion(@TempDir Path work)
      throws Exception {
    Path version = DemoModel.writeRepository(work.resolve("repo"));
    Files.delete(version.resolve("profile.avro"));
    Path csv = work.resolve("train.csv");
    Files.writeString(
        csv,
        "precipitation,temp_max,temp_min,wind,note\n"
            + "0.0,12.8,5.0,4.7,first\n"
            + "10.9,10.6,2.8,4.5,\"quoted, with comma\"\n"
            + ",11.7,7.2,2.3,missing precipitation\n");

    assertThat(
            run(
                "profile",
                "--model-repository",
                work.resolve("repo").toString(),
                "--model",
                "seattle-weather",
                "--model-version",
                "1",
                "--csv",
                csv.toString()))
        .as(err.toString())
        .isZero();

    assertThat(out.toString()).contains("profile.avro", "3 rows", "4 features", "2 outputs");
    ReferenceProfile profile =
        ReferenceProfileCodec.decode(Files.readAllBytes(version.resolve("profile.avro")));
    assertThat(profile.feature("precipitation").orElseThrow().missing()).isEqualTo(1);
    assertThat(profile.output("class").orElseThrow().count()).isEqualTo(3);
  }

  @Test
  void everyCommandPrintsItsHelp() {
    for (String command : new String[] {"demo", "gateway", "monitor", "retrain", "profile"}) {
      out.getBuffer().setLength(0);
      assertThat(run(command, "--help")).as(command + " --help: " + err).isZero();
      assertThat(out.toString()).as(command).contains("Usage: driftwatch " + command);
    }
    assertThat(out.toString()).contains("--model-version");
  }

  @Test
  void rejectsACsvWithoutAFeatureColumnNamingIt(@TempDir Path work) throws Exception {
    DemoModel.writeRepository(work.resolve("repo"));
    Path csv = work.resolve("train.csv");
    Files.writeString(csv, "precipitation,temp_max,temp_min\n0.0,12.8,5.0\n");

    assertThat(
            run(
                "profile",
                "--model-repository",
                work.resolve("repo").toString(),
                "--model",
                "seattle-weather",
                "--model-version",
                "1",
                "--csv",
                csv.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("CSV has no column 'wind'");
  }

  @Test
  void rejectsAProfileOfAVersionThatDoesNotExist(@TempDir Path work) {
    assertThat(
            run(
                "profile",
                "--model-repository",
                work.toString(),
                "--model",
                "nope",
                "--model-version",
                "1",
                "--csv",
                "x.csv"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no model descriptor at");
  }

  @Test
  void retrainHelpNamesItsPortAndRollbackOptions() {
    assertThat(run("retrain", "--help")).isZero();
    assertThat(out.toString())
        .contains("--port", "8095", "--secret-file", "--auto-rollback", "--rollback-window", "30m");
  }

  @Test
  void retrainRejectsAnInvalidSettingWithOneLineNamingTheOption(@TempDir Path work) {
    assertThat(run("retrain", "--model-repository", work.toString(), "--min-samples", "3"))
        .isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).startsWith("driftwatch: --min-samples: must be >= 10, got 3");
  }

  @Test
  void retrainRejectsASecretGivenTwice(@TempDir Path work) throws Exception {
    Path secretFile = Files.writeString(work.resolve("secret"), "s3cret\n");

    assertThat(
            run(
                "retrain",
                "--model-repository",
                work.toString(),
                "--secret",
                "x",
                "--secret-file",
                secretFile.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--secret and --secret-file: give only one");
  }

  @Test
  void retrainRejectsAMissingModelRepository(@TempDir Path work) {
    assertThat(run("retrain", "--model-repository", work.resolve("nope").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("is not a directory");
  }

  @Test
  void rejectsAnUnknownOptionWithOneLineAndExitCodeTwo() {
    assertThat(run("demo", "--no-such-option")).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).startsWith("driftwatch: Unknown option: '--no-such-option'");
  }

  @Test
  void rejectsARateOutOfRangeNamingTheOption() {
    assertThat(run("demo", "--rate", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--rate must be 1..2000, was 0");
  }

  @Test
  void rejectsAMalformedDuration() {
    assertThat(run("demo", "--window", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void rejectsAGatewayRepositoryThatDoesNotExist() {
    assertThat(run("gateway", "--model-repository", "/no/such/dir")).isEqualTo(2);
    assertThat(err.toString()).contains("/no/such/dir is not a directory");
  }

  @Test
  void rejectsAnInvalidBatchingOptionNamingIt(@TempDir Path repository) {
    assertThat(run("gateway", "--model-repository", repository.toString(), "--max-batch-size", "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--max-batch-size must be 1..65536, was 0");
  }

  @Test
  void rejectsAnUnknownGatewayVersionPolicyNamingTheOption(@TempDir Path repository) {
    assertThat(
            run(
                "gateway",
                "--model-repository",
                repository.toString(),
                "--default-version-policy",
                "newest"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--default-version-policy must be latest:N, all or specific:V1,V2,...");
  }

  @Test
  void rejectsAGatewayTokenFileWithoutTokensNamingTheOption(@TempDir Path work) throws Exception {
    Path tokens = Files.writeString(work.resolve("admin.tokens"), "# none yet\n");

    assertThat(
            run(
                "gateway",
                "--model-repository",
                work.toString(),
                "--admin-tokens-file",
                tokens.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--admin-tokens-file " + tokens + " holds no token");
  }

  @Test
  void rejectsHashedGatewayFeaturesWithoutASaltNamingTheOption(@TempDir Path repository) {
    assertThat(
            run("gateway", "--model-repository", repository.toString(), "--hash-features", "city"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--hash-salt-file must hold a salt of at least 16 characters");
  }

  @Test
  void rejectsAnUnknownGraphOptimizationNamingTheOption(@TempDir Path repository) {
    assertThat(
            run(
                "gateway",
                "--model-repository",
                repository.toString(),
                "--graph-optimization",
                "max"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--graph-optimization must be one of none|basic|extended|all, was 'max'");
  }

  @Test
  void rejectsNegativeOnnxRuntimeThreadsNamingTheOption(@TempDir Path repository) {
    assertThat(
            run("gateway", "--model-repository", repository.toString(), "--intra-op-threads", "-1"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--intra-op-threads must be 0..1024");
  }

  @Test
  void rejectsAnEmptyPredictionLogOrBodyLimitNamingTheOption(@TempDir Path repository) {
    assertThat(
            run(
                "gateway",
                "--model-repository",
                repository.toString(),
                "--prediction-log-capacity",
                "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--prediction-log-capacity must be at least 1, was 0");
    assertThat(run("gateway", "--model-repository", repository.toString(), "--max-body-bytes", "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--max-body-bytes");
  }

  @Test
  void rejectsAnUnknownMonitorJobOptionNamingIt() {
    assertThat(run("monitor", "--windo=5s")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown option --windo");
  }

  @Test
  void printsTheClusterSubmitCommandWithTheJobOptions() {
    assertThat(run("monitor", "--print-submit", "--serving-window=30s")).isZero();
    assertThat(out.toString())
        .contains(
            "flink run",
            "io.driftwatch.flink.MonitoringJob",
            "flink-jobs/target/driftwatch-monitor.jar",
            "--serving-window=30s");
  }

  @Test
  void refusesToStartTheDemoWhenAPortIsTakenNamingTheOption() throws Exception {
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThat(run("demo", "--influx-port", String.valueOf(port))).isEqualTo(2);

      assertThat(err.toString())
          .contains("port " + port + " (--influx-port) is already in use")
          .contains("pass --influx-port with another port");
    }
  }

  @Test
  void writesDurationsTheWayTheyAreTyped() {
    assertThat(DemoCommand.humane(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(DemoCommand.humane(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(DemoCommand.humane(Duration.ofMinutes(3))).isEqualTo("3m");
    assertThat(DemoCommand.humane(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
