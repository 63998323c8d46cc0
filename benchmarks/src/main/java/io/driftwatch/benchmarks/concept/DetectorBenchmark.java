package io.driftwatch.benchmarks.concept;

import io.driftwatch.stats.concept.DriftDetectors;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Detection delay, missed detections and false alarms of every concept-drift detector at its
 * published default settings, on seeded synthetic error streams (abrupt and gradual changes of a
 * Bernoulli error rate, and stationary streams). Prints two tables to standard output.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.driftwatch.benchmarks.concept.DetectorBenchmark [--runs 100] ...}
 */
@Command(
    name = "detector-benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Measures ADWIN, DDM and Page-Hinkley at default settings on seeded error streams:"
          + " detection delay after abrupt and gradual changes, missed detections, and false"
          + " alarms per 10^6 stationary events."
    })
public final class DetectorBenchmark implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--runs",
      defaultValue = "100",
      description = "Seeded runs per scenario and detector (${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--change-at",
      defaultValue = "5000",
      description = "Index of the change point in each run (${DEFAULT-VALUE}).")
  long changeAt;

  @Option(
      names = "--horizon",
      defaultValue = "10000",
      description =
          "Events after the change point within which a detection counts; none = missed"
              + " (${DEFAULT-VALUE}).")
  long horizon;

  @Option(
      names = "--stationary-runs",
      defaultValue = "10",
      description = "Seeded stationary streams per rate and detector (${DEFAULT-VALUE}).")
  int stationaryRuns;

  @Option(
      names = "--stationary-events",
      defaultValue = "1000000",
      description = "Events per stationary stream (${DEFAULT-VALUE}).")
  long stationaryEvents;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "First seed; run r uses seed + r for every detector (${DEFAULT-VALUE}).")
  long seed;

  private static final int RAMP = 2000;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DetectorBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    requirePositive(runs, "--runs");
    requirePositive(changeAt, "--change-at");
    requirePositive(horizon, "--horizon");
    requirePositive(stationaryRuns, "--stationary-runs");
    requirePositive(stationaryEvents, "--stationary-events");
    if (RAMP >= horizon) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--horizon must exceed the gradual ramp of " + RAMP + " events");
    }
    PrintStream out = System.out;
    List<ChangeScenario> scenarios =
        List.of(
            ChangeScenario.abrupt(0.1, 0.5, changeAt),
            ChangeScenario.abrupt(0.2, 0.3, changeAt),
            ChangeScenario.linear(0.1, 0.5, changeAt, RAMP),
            ChangeScenario.sigmoid(0.2, 0.4, changeAt, RAMP));
    out.printf(
        Locale.ROOT,
        "Change detection at default settings: %d seeded runs (seeds %d..%d), change at event %d,"
            + " detection counted within %d events after it.%n"
            + "Delay = events from the change point (start of a ramp) to the first DRIFT at or after"
            + " it.%n%n",
        runs,
        seed,
        seed + runs - 1,
        changeAt,
        horizon);
    out.printf(
        Locale.ROOT,
        "%-22s %-13s %8s %6s %10s %12s %9s %14s %14s%n",
        "scenario",
        "detector",
        "detected",
        "missed",
        "mean delay",
        "median delay",
        "p90 delay",
        "pre-change FA",
        "drifts/change");
    for (ChangeScenario scenario : scenarios) {
      for (String detector : DriftDetectors.NAMES) {
        DetectionRuns.ChangeResult result =
            DetectionRuns.measure(scenario, detector, runs, seed, horizon);
        out.printf(
            Locale.ROOT,
            "%-22s %-13s %8d %6d %10.1f %12.1f %9.0f %14.2f %14.2f%n",
            result.scenario(),
            result.detector(),
            result.detected(),
            result.missed(),
            result.meanDelay(),
            result.medianDelay(),
            result.delayQuantile(0.9),
            (double) result.preChangeAlarms() / runs,
            result.driftsPerDetectedRun());
      }
    }
    out.printf(
        Locale.ROOT,
        "%npre-change FA = false alarms per run in the %d events before the change;"
            + " drifts/change = DRIFTs per detected change within the horizon.%n%n",
        changeAt);

    out.printf(
        Locale.ROOT,
        "False alarms per 10^6 stationary events: %d seeded streams of %d events per rate.%n%n",
        stationaryRuns,
        stationaryEvents);
    out.printf(Locale.ROOT, "%-13s %12s %12s %12s%n", "detector", "p=0.1", "p=0.2", "p=0.3");
    for (String detector : DriftDetectors.NAMES) {
      out.printf(Locale.ROOT, "%-13s", detector);
      for (double rate : new double[] {0.1, 0.2, 0.3}) {
        out.printf(
            Locale.ROOT,
            " %12.1f",
            DetectionRuns.falseAlarmsPerMillion(
                rate, detector, stationaryRuns, stationaryEvents, seed));
      }
      out.println();
    }
    return 0;
  }

  private void requirePositive(long value, String option) {
    if (value < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be at least 1, was " + value);
    }
  }
}
