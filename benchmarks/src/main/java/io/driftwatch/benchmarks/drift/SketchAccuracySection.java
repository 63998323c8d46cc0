package io.driftwatch.benchmarks.drift;

import io.driftwatch.stats.drift.NumericDrift;
import io.driftwatch.stats.profile.BinCounts;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import java.io.PrintWriter;
import java.util.List;

/**
 * Section 1: KS and PSI from KLL sketches (k = 200) against the exact values on the same raw
 * samples, reference and live n values each, n = 10³ … 10⁶. Each pair is sketched {@code repeats}
 * times because KLL compaction draws from DataSketches' own unseeded random generator.
 *
 * <p>PSI_exact is the fully exact PSI of the raw samples (exact reference deciles as edges, exact
 * counts). PSI_job is what the monitoring job computes: a reference built like ProfileBuilder
 * builds it ({@link NumericReference#exact}: exact deciles and counts of all reference values)
 * against the live window's exact {@link BinCounts} on those edges, beside its KLL sketch. For
 * comparison the table also shows the sketch-only estimate the job falls back to for profiles
 * without bin counts (edges and shares from the reference sketch, live shares from the live
 * sketch), against the fully exact PSI and against exact counts on the sketch's own edges.
 */
final class SketchAccuracySection {

  static final double KS_GOAL = 0.02;
  static final double PSI_GOAL = 0.01;

  private record Pair(String label, SyntheticFeature feature, double liveShiftInSigmas) {
    boolean shifted() {
      return liveShiftInSigmas != 0;
    }
  }

  private static final List<Pair> PAIRS =
      List.of(
          new Pair("N(0,1) = N(0,1)", SyntheticFeature.NORMAL, 0),
          new Pair("N(0,1) +0.5σ", SyntheticFeature.NORMAL, 0.5),
          new Pair("lognormal = lognormal", SyntheticFeature.LOGNORMAL, 0),
          new Pair("Exp(1) +0.25σ", SyntheticFeature.EXPONENTIAL, 0.25),
          new Pair("Poisson(3) = Poisson(3)", SyntheticFeature.POISSON, 0),
          new Pair("round(2N) +0.5σ", SyntheticFeature.ROUNDED, 0.5));

  private static final int[] SIZES = {1_000, 10_000, 100_000, 1_000_000};

  private final long seed;
  private final int repeats;

  SketchAccuracySection(long seed, int repeats) {
    this.seed = seed;
    this.repeats = repeats;
  }

  void report(PrintWriter out) {
    out.printf(
        "%n1. Sketch vs exact (KLL k=%d, reference and live n values each, %d sketchings per pair)%n",
        NumericSketch.K, repeats);
    out.printf(
        "%-10s %-24s %9s %9s %9s %10s %12s %8s %11s %10s %9s%n",
        "n",
        "pair",
        "KS exact",
        "max|ΔKS|",
        "PSI exact",
        "|ΔPSI| job",
        "|ΔPSI| sketch",
        "relative",
        "same edges",
        "KS thresh",
        "retained");
    for (int n : SIZES) {
      double maxKsError = 0;
      double maxPsiErrorStationary = 0;
      double maxPsiErrorShifted = 0;
      double maxSketchPsiErrorStationary = 0;
      double maxSketchPsiErrorShifted = 0;
      double maxSameEdgesError = 0;
      for (int p = 0; p < PAIRS.size(); p++) {
        Pair pair = PAIRS.get(p);
        long pairSeed = seed + 1000L * p + n;
        double[] reference = pair.feature().sample(pairSeed, n, 0);
        double[] live =
            pair.feature()
                .sample(pairSeed + 1, n, pair.liveShiftInSigmas() * pair.feature().sigma());
        double exactKs = ExactStatistics.ks(reference, live);
        double exactPsi =
            ExactStatistics.psi(
                reference, live, ExactStatistics.edges(reference, NumericReference.DEFAULT_BINS));
        // PSI_job takes its shares from exact reference and live counts, never from a sketch, so
        // it is the same for every sketching of the pair.
        NumericReference exactRef = NumericReference.exact("x", sketch(reference), reference);
        BinCounts liveBins = BinCounts.on(exactRef.binEdges());
        for (double value : live) {
          liveBins.add(value);
        }
        double jobPsi = NumericDrift.compare(exactRef, sketch(live), liveBins, 0.05).psi();
        double psiError = Math.abs(jobPsi - exactPsi);
        double ksError = 0;
        double sketchPsiError = 0;
        double sameEdgesError = 0;
        double threshold = 0;
        int retained = 0;
        for (int r = 0; r < repeats; r++) {
          NumericReference ref = NumericReference.of("x", sketch(reference));
          NumericSketch cur = sketch(live);
          NumericDrift drift = NumericDrift.compare(ref, cur, 0.05);
          ksError = Math.max(ksError, Math.abs(drift.ks() - exactKs));
          sketchPsiError = Math.max(sketchPsiError, Math.abs(drift.psi() - exactPsi));
          double exactOnSketchEdges = ExactStatistics.psi(reference, live, ref.binEdges());
          sameEdgesError = Math.max(sameEdgesError, Math.abs(drift.psi() - exactOnSketchEdges));
          threshold = drift.ksThreshold();
          retained = cur.sketch().getNumRetained();
        }
        maxKsError = Math.max(maxKsError, ksError);
        maxSameEdgesError = Math.max(maxSameEdgesError, sameEdgesError);
        if (pair.shifted()) {
          maxPsiErrorShifted = Math.max(maxPsiErrorShifted, psiError);
          maxSketchPsiErrorShifted = Math.max(maxSketchPsiErrorShifted, sketchPsiError);
        } else {
          maxPsiErrorStationary = Math.max(maxPsiErrorStationary, psiError);
          maxSketchPsiErrorStationary = Math.max(maxSketchPsiErrorStationary, sketchPsiError);
        }
        out.printf(
            "%-10s %-24s %9.4f %9.4f %9.4f %10.1e %12.4f %8s %11.4f %10.4f %9d%n",
            String.format("%,d", n),
            pair.label(),
            exactKs,
            ksError,
            exactPsi,
            psiError,
            sketchPsiError,
            pair.shifted() ? String.format("%.1f%%", 100 * sketchPsiError / exactPsi) : "-",
            sameEdgesError,
            threshold,
            retained);
      }
      out.printf(
          "%-10s max|ΔKS| %.4f (goal ≤ %.2f: %s); max|ΔPSI| job same-distribution %.1e, shifted"
              + " %.1e (goal ≤ %.2f: %s); sketch-only fallback %.4f / %.4f, on the sketch's"
              + " edges %.4f%n",
          String.format("  n=%,d", n),
          maxKsError,
          KS_GOAL,
          verdict(maxKsError <= KS_GOAL),
          maxPsiErrorStationary,
          maxPsiErrorShifted,
          PSI_GOAL,
          verdict(Math.max(maxPsiErrorStationary, maxPsiErrorShifted) <= PSI_GOAL),
          maxSketchPsiErrorStationary,
          maxSketchPsiErrorShifted,
          maxSameEdgesError);
    }
  }

  private static NumericSketch sketch(double[] values) {
    NumericSketch sketch = NumericSketch.empty();
    for (double value : values) {
      sketch.update(value);
    }
    return sketch;
  }

  static String verdict(boolean met) {
    return met ? "met" : "NOT met";
  }
}
