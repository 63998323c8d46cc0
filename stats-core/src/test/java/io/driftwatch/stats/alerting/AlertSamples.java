package io.driftwatch.stats.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Named instants, sample factories and a series runner for the alerting tests. */
final class AlertSamples {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Duration WINDOW = Duration.ofMinutes(1);

  static final Map<String, String> CHAMPION =
      Map.of("model", "iris", "version", "1", "variant", "champion");

  private AlertSamples() {}

  /** The end of window {@code i}, one minute apart from {@link #T0}. */
  static Instant window(int i) {
    return T0.plus(WINDOW.multipliedBy(i));
  }

  static MetricSample serving(int window, double errorRate) {
    return new MetricSample("serving", CHAMPION, Map.of("error_rate", errorRate), window(window));
  }

  static MetricSample sample(
      String measurement, Map<String, String> tags, String field, double value, int window) {
    return new MetricSample(measurement, tags, Map.of(field, value), window(window));
  }

  /** The error-rate rule: {@code serving.error_rate > 0.05} for 3 windows, resolve at 0.02. */
  static AlertRule errorRateRule() {
    return AlertRule.of("error_rate_high", "serving", "error_rate", Comparison.GREATER, 0.05)
        .withForWindows(3)
        .withResolveThreshold(0.02)
        .withSeverity(Severity.CRITICAL);
  }

  /** Runs {@code samples} through {@code rule} from {@code state}; remembers every transition. */
  static final class Run {
    final AlertRule rule;
    AlertState state;
    final List<AlertTransition> transitions = new ArrayList<>();
    final List<Instant> transitionWindows = new ArrayList<>();

    Run(AlertRule rule, AlertState state) {
      this.rule = rule;
      this.state = state;
    }

    Run(AlertRule rule) {
      this(rule, null);
    }

    Run feed(MetricSample... samples) {
      for (MetricSample sample : samples) {
        AlertEvaluator.Result result = AlertEvaluator.evaluate(rule, state, sample);
        state = result.state();
        result
            .transition()
            .ifPresent(
                t -> {
                  transitions.add(t);
                  transitionWindows.add(t.windowEnd());
                });
      }
      return this;
    }

    /** Feeds serving samples with these error rates in windows {@code first}, first+1, ... */
    Run errorRates(int first, double... rates) {
      for (int i = 0; i < rates.length; i++) {
        feed(serving(first + i, rates[i]));
      }
      return this;
    }
  }
}
