package io.driftwatch.local;

import io.driftwatch.flink.MonitorConfig;
import io.driftwatch.flink.MonitoringJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftwatch monitor}: the monitoring job on a local MiniCluster, or how to submit it. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Flink monitoring job on a local MiniCluster against an existing Kafka and InfluxDB"
          + " until Ctrl-C, or with --print-submit prints how to run it on a Flink 2.x cluster.",
      "Job options (listed below) are passed through as --key=value."
    })
final class MonitorCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--flink-ui-port",
      defaultValue = "8081",
      description = "Local Flink web UI port (${DEFAULT-VALUE}).")
  int flinkUiPort;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Job parallelism (${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--checkpoint-dir",
      defaultValue = ".driftwatch/monitor/checkpoints",
      description = "Where checkpoints go (${DEFAULT-VALUE}).")
  Path checkpointDir;

  @Option(
      names = "--print-submit",
      description = "Print the 'flink run' command for a cluster instead of running locally.")
  boolean printSubmit;

  @CommandLine.Unmatched List<String> jobArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    MonitorConfig config;
    try {
      config = MonitorConfig.fromArgs(jobArgs.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (parallelism < 1 || parallelism > 64) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--parallelism must be 1..64, was " + parallelism);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (printSubmit) {
      out.printf(
          "flink run -d -p %d -c %s flink-jobs/target/driftwatch-monitor.jar %s%n"
              + "(the cluster jar, built by mvn package, bundles the connectors; every Flink JVM"
              + " needs -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftwatch added to"
              + " env.java.opts.all, next to the Java 17 --add-opens flags Flink ships there)%n",
          parallelism, MonitoringJob.class.getName(), String.join(" ", jobArgs));
      return 0;
    }
    Files.createDirectories(checkpointDir);
    try (ShutdownSignal shutdown = ShutdownSignal.install("monitor");
        FlinkLocalCluster flink =
            FlinkLocalCluster.start(
                config, flinkUiPort, parallelism, checkpointDir.toAbsolutePath())) {
      out.printf(
          "Monitoring job running (%s); Flink web UI %s. Ctrl-C stops.%n", config, flink.webUi());
      out.flush();
      shutdown.awaitRequest();
    }
    return 0;
  }
}
