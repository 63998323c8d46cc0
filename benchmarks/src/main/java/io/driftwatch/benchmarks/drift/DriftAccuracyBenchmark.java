package io.driftwatch.benchmarks.drift;

import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.NumericSketch;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Accuracy of stats-core's drift detection, measured in one run and printed as tables:
 *
 * <ol>
 *   <li>KS from KLL sketches and PSI as the monitoring job computes it (exact reference bins, exact
 *       live bin counts), both vs exact values on the same samples, n = 10³ … 10⁶ (goals: |ΔKS| ≤
 *       0.02, |ΔPSI| ≤ 0.01), and the sketch-only PSI of profiles without bin counts;
 *   <li>false alarms of the default policy on 20 stationary features, reference 10⁵ rows, 10⁶ live
 *       rows in windows of 10⁴ (goal: ≤ 1 model-level alarm) and, for comparison, 10³;
 *   <li>windows until a 0.5σ mean shift of one feature is flagged, windows of 10³ and 10⁴ (goal: ≤
 *       2);
 *   <li>serialized sketch sizes after 10³ … 10⁶ updates (goal: ≤ 16 KiB).
 * </ol>
 *
 * <p>All data are seeded ({@code --seed}); KLL compaction uses DataSketches' own unseeded random
 * generator, so sketch-based figures vary slightly from run to run (hence {@code --repeats}).
 *
 * <p>Run from the repository root (about two minutes on 2 cores):
 *
 * <pre>
 * mvn -B -o install -DskipTests      # once: the modules benchmarks depends on
 * mvn -B -o package -pl schemas,stats-core,benchmarks -DskipTests
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar io.driftwatch.benchmarks.drift.DriftAccuracyBenchmark
 * </pre>
 *
 * <p>The second command builds schemas and stats-core in the same reactor, so {@code
 * benchmarks/target/lib} gets this checkout's stats-core rather than whatever SNAPSHOT another
 * checkout last installed into the shared local Maven repository. {@code --help} lists the options.
 */
@Command(
    name = "drift-accuracy",
    mixinStandardHelpOptions = true,
    description =
        "Measures sketch accuracy, false alarms, detection delay and state size of drift detection.")
public final class DriftAccuracyBenchmark implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--seed",
      defaultValue = "20261201",
      description = "Data seed (${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--repeats",
      defaultValue = "3",
      description = "Sketchings per sample pair in section 1 (${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--runs",
      defaultValue = "10",
      description = "Runs per shifted feature in section 3 (${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--sections",
      split = ",",
      defaultValue = "1,2,3,4",
      description = "Sections to run (${DEFAULT-VALUE}).")
  Set<Integer> sections;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DriftAccuracyBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    if (repeats < 1 || runs < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--repeats and --runs must be >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    DriftPolicy policy = DriftPolicy.defaults();
    out.printf(
        "Driftwatch drift accuracy benchmark: seed %d, KLL k=%d, frequencies max map %d, Java %s,"
            + " %d cores%n",
        seed,
        NumericSketch.K,
        CategoricalSketch.MAX_MAP_SIZE,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    out.printf("Default policy: %s%n", policy);
    long started = System.nanoTime();
    if (sections.contains(1)) {
      new SketchAccuracySection(seed, repeats).report(out);
      out.flush();
    }
    if (sections.contains(2)) {
      new FalseAlarmSection(seed).report(out);
      out.flush();
    }
    if (sections.contains(3)) {
      new DetectionSection(seed, runs).report(out);
      out.flush();
    }
    if (sections.contains(4)) {
      new StateSizeSection(seed).report(out);
    }
    out.printf("%nDone in %.0f s.%n", (System.nanoTime() - started) / 1e9);
    out.flush();
    return 0;
  }
}
