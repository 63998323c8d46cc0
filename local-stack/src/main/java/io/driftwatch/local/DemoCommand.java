package io.driftwatch.local;

import io.driftwatch.training.DemoModel;
import io.driftwatch.training.WeatherDataset;
import io.driftwatch.training.WeatherObservation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Month;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftwatch demo}: the whole stack on this machine with drifting demo traffic. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole stack on this machine: Kafka (in-process, KRaft), influxd, the inference"
          + " gateway serving the demo model, the monitoring job on a Flink MiniCluster, and demo"
          + " traffic that drifts after a while, and the retraining receiver the alerts go to, which"
          + " retrains the model and has the gateway serve the new version. Prints one line per"
          + " monitoring window, finding, alert and retrain. Ctrl-C stops everything."
    })
final class DemoCommand implements java.util.concurrent.Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--work-dir",
      defaultValue = ".driftwatch/demo",
      description =
          "Data (Kafka, InfluxDB, the demo model's directory of its repository) and checkpoints; wiped at start (logs"
              + " go to .driftwatch/logs) (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--model-repository",
      description = "Serve this Triton-layout repository instead of the built-in demo model.")
  Path modelRepository;

  @Option(names = "--port", defaultValue = "8080", description = "Gateway port (${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Kafka port (${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--influx-port",
      defaultValue = "8086",
      description = "influxd HTTP port (${DEFAULT-VALUE}).")
  int influxPort;

  @Option(
      names = "--flink-ui-port",
      defaultValue = "8081",
      description = "Flink web UI port (${DEFAULT-VALUE}).")
  int flinkUiPort;

  @Option(
      names = "--retrain-port",
      defaultValue = "8095",
      description = "Retraining receiver port (${DEFAULT-VALUE}).")
  int retrainPort;

  @Option(
      names = "--window",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Monitoring window length (${DEFAULT-VALUE}).")
  Duration window;

  @Option(
      names = "--drift-window",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Drift and data-quality window length (${DEFAULT-VALUE}).")
  Duration driftWindow;

  @Option(
      names = "--rate",
      defaultValue = "20",
      description = "Demo requests per second, 1..2000 (${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--drift-after",
      defaultValue = "3m",
      converter = DurationConverter.class,
      description =
          "When demo traffic switches from Seattle days to New York winter days (${DEFAULT-VALUE}).")
  Duration driftAfter;

  @Option(
      names = "--label-share",
      defaultValue = "0.5",
      description =
          "Share of answered demo requests whose true label is sent to /v1/feedback 5-15 s later"
              + " (${DEFAULT-VALUE}).")
  double labelShare;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop by itself after this long (default: run until Ctrl-C).")
  Duration duration;

  @Override
  public Integer call() throws Exception {
    if (labelShare < 0 || labelShare > 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--label-share must be in [0, 1], was " + labelShare);
    }
    if (rate < 1 || rate > 2000) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--rate must be 1..2000, was " + rate);
    }
    List<String> taken =
        new PortCheck()
            .require("--port", port)
            .require("--kafka-port", kafkaPort)
            .require("--influx-port", influxPort)
            .require("--flink-ui-port", flinkUiPort)
            .require("--retrain-port", retrainPort)
            .problems();
    if (!taken.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", taken));
    }
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    LocalStackConfig config =
        new LocalStackConfig(
            workDir.toAbsolutePath(),
            modelRepository == null ? null : modelRepository.toAbsolutePath(),
            port,
            kafkaPort,
            influxPort,
            flinkUiPort,
            2,
            window,
            Duration.ofSeconds(5),
            driftWindow,
            retrainPort);
    Instant began = clock.instant();
    out.println("Starting Driftwatch (work dir " + config.workDir() + ") ...");
    out.flush();
    try (ShutdownSignal shutdown = ShutdownSignal.install("demo")) {
      run(config, clock, began, shutdown, out);
      out.println("Stopped.");
      out.flush();
    }
    return 0;
  }

  private void run(
      LocalStackConfig config, Clock clock, Instant began, ShutdownSignal shutdown, PrintWriter out)
      throws Exception {
    try (LocalStack stack = LocalStack.start(config, clock);
        InfluxTail tail = new InfluxTail(stack.influxUrl(), LocalStack.DATABASE);
        DemoTraffic traffic = traffic(stack, clock, out)) {
      Duration startup = Duration.between(began, clock.instant());
      printBanner(out, stack, startup);
      if (traffic != null) {
        traffic.start(rate);
      }
      ServingWindowReport serving = new ServingWindowReport(tail);
      DetectionReport detections = new DetectionReport(tail);
      RetrainReport retrains = new RetrainReport(stack.retrainDecisions());
      Instant deadline = duration == null ? Instant.MAX : clock.instant().plus(duration);
      while (!shutdown.awaitRequest(Duration.ofSeconds(1)) && clock.instant().isBefore(deadline)) {
        serving.newLines().forEach(out::println);
        detections.newLines().forEach(out::println);
        retrains.newLines().forEach(out::println);
        out.flush();
      }
      out.println("Stopping ...");
      out.flush();
    }
  }

  private DemoTraffic traffic(LocalStack stack, Clock clock, PrintWriter out) {
    if (modelRepository != null) {
      out.println(
          "Own model repository: no demo traffic is sent (it replays weather data for the demo"
              + " model). Send requests to the gateway yourself.");
      return null;
    }
    return new DemoTraffic(
        stack.gatewayUrl(),
        DemoModel.NAME,
        WeatherDataset.bundled().seattle(),
        newYorkWinters(),
        driftAfter,
        50,
        labelShare,
        clock,
        line -> {
          out.println(line);
          out.flush();
        });
  }

  private void printBanner(PrintWriter out, LocalStack stack, Duration startup) {
    out.printf(
        """
        Driftwatch is up (started in %.1f s).
          Gateway (Open Inference Protocol v2)  %s/v2   metrics: %s/metrics
          Model                                 %s/v2/models/%s
          Kafka bootstrap                       %s   topics: predictions, labels, model-events, alerts, dead-letters
          Flink web UI                          %s
          InfluxDB (database %s, InfluxQL)  %s
          Retraining receiver                   %s/status   (alert webhooks go to %s/webhook)
        One line per %s serving window follows, and every drift, quality and concept-drift
        finding and alert, all read back from InfluxDB, and what the retraining receiver does
        about the alerts (RETRAIN lines). Ctrl-C stops.
        %n""",
        startup.toMillis() / 1000.0,
        stack.gatewayUrl(),
        stack.gatewayUrl(),
        stack.gatewayUrl(),
        modelRepository == null ? DemoModel.NAME : "<name>",
        stack.kafkaBootstrapServers(),
        stack.flinkUi(),
        LocalStack.DATABASE,
        stack.influxUrl(),
        stack.retrainUrl(),
        stack.retrainUrl(),
        humane(window));
    out.flush();
  }

  /** {@code 10s}, {@code 1m30s}, {@code 500ms}: how durations are written on the command line. */
  static String humane(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long seconds = d.toSeconds();
    return (seconds >= 60 ? seconds / 60 + "m" : "")
        + (seconds % 60 != 0 || seconds < 60 ? seconds % 60 + "s" : "");
  }

  /**
   * New York days of December to February: colder, snowier inputs than the Seattle year the model
   * learned, on which it is measurably worse (accuracy about 0.74 instead of 0.84), so the demo
   * shows input drift, an accuracy drop and concept drift from one real shift.
   */
  static List<WeatherObservation> newYorkWinters() {
    return WeatherDataset.bundled().newYork().stream()
        .filter(day -> WINTER.contains(day.date().getMonth()))
        .toList();
  }

  private static final Set<Month> WINTER =
      EnumSet.of(Month.DECEMBER, Month.JANUARY, Month.FEBRUARY);
}
