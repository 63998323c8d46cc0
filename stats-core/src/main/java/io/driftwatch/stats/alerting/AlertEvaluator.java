package io.driftwatch.stats.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Evaluates alert rules window by window, one series at a time: pure and deterministic, so a Flink
 * operator keeps only the {@link AlertState} bytes per {@link SeriesKey} and calls {@link
 * #evaluate} for every matching sample.
 *
 * <p>Per series and window, in event-time order of window ends:
 *
 * <ol>
 *   <li>a window end at or before the last one evaluated is ignored (state unchanged, no
 *       transition), so replaying points after a restore is idempotent;
 *   <li>while not firing, a window where {@code value <comparison> threshold} holds adds one to the
 *       count, any other window (including a NaN value) resets it to 0; the alert fires in the
 *       window where the count reaches {@code forWindows}, unless that window ends less than {@code
 *       cooldown} after the last resolve, in which case it fires in the first matching window after
 *       the cooldown;
 *   <li>while firing, the alert resolves in the first window where {@code value <comparison>
 *       resolveThreshold} no longer holds (a NaN value resolves it: no data).
 * </ol>
 *
 * <p>"Consecutive" means consecutive windows of the series that were evaluated: a window for which
 * no point was written does not break a streak.
 *
 * <p>A firing series whose points stop (say, the model version it describes no longer serves) is
 * resolved as stale, like an alert whose series disappears in Prometheus: {@link #staleAt} is when
 * it has gone {@code staleWindows} of its own window length (see {@link AlertState#windowLength()})
 * without a point, and {@link #resolveStale} is the RESOLVED transition to emit then. Stateless and
 * thread-safe.
 */
public final class AlertEvaluator {

  private AlertEvaluator() {}

  /**
   * The next state of a series and the transition it caused, if any.
   *
   * @param state never null
   * @param transition present when the alert fired or resolved in this window
   */
  public record Result(AlertState state, Optional<AlertTransition> transition) {
    public Result {
      if (state == null || transition == null) {
        throw new IllegalArgumentException("state and transition must not be null");
      }
    }
  }

  /**
   * The series of {@code sample} for every rule that {@link AlertRule#matches} it, in rule order.
   */
  public static List<SeriesKey> matching(List<AlertRule> rules, MetricSample sample) {
    List<SeriesKey> keys = new ArrayList<>();
    for (AlertRule rule : rules) {
      if (rule.matches(sample)) {
        keys.add(SeriesKey.of(rule, sample));
      }
    }
    return keys;
  }

  /**
   * Evaluates {@code rule} on one window of one series.
   *
   * @param stateOrNull the series' state after its previous window, null for a new series
   * @param sample a sample the rule {@link AlertRule#matches}
   * @throws IllegalArgumentException if the rule does not match the sample
   */
  public static Result evaluate(AlertRule rule, AlertState stateOrNull, MetricSample sample) {
    if (rule == null || sample == null) {
      throw new IllegalArgumentException("rule and sample must not be null");
    }
    if (!rule.matches(sample)) {
      throw new IllegalArgumentException(
          "rule '" + rule.name() + "' does not match sample of " + sample.measurement());
    }
    AlertState state = stateOrNull == null ? AlertState.initial() : stateOrNull;
    Instant windowEnd = sample.windowEnd();
    if (state.lastWindowEnd() != null && !windowEnd.isAfter(state.lastWindowEnd())) {
      return new Result(state, Optional.empty());
    }
    double value = sample.fields().get(rule.field());
    Duration length = windowLength(state, windowEnd);
    if (state.firing()) {
      if (rule.comparison().test(value, rule.resolveThreshold())) {
        return new Result(
            new AlertState(
                state.consecutive(), true, state.startsAt(), state.resolvedAt(), windowEnd, length),
            Optional.empty());
      }
      AlertState resolved = new AlertState(0, false, null, windowEnd, windowEnd, length);
      return new Result(
          resolved,
          Optional.of(transition(rule, sample, value, AlertStatus.RESOLVED, state.startsAt())));
    }
    if (!rule.comparison().test(value, rule.threshold())) {
      return new Result(
          new AlertState(0, false, null, state.resolvedAt(), windowEnd, length), Optional.empty());
    }
    int consecutive = Math.min(state.consecutive() + 1, rule.forWindows());
    boolean coolingDown =
        state.resolvedAt() != null && windowEnd.isBefore(state.resolvedAt().plus(rule.cooldown()));
    if (consecutive < rule.forWindows() || coolingDown) {
      return new Result(
          new AlertState(consecutive, false, null, state.resolvedAt(), windowEnd, length),
          Optional.empty());
    }
    return new Result(
        new AlertState(consecutive, true, windowEnd, state.resolvedAt(), windowEnd, length),
        Optional.of(transition(rule, sample, value, AlertStatus.FIRING, windowEnd)));
  }

  /**
   * When a firing series counts as stale: {@code staleWindows} times its window length after its
   * last evaluated window end, if no later window was evaluated by then. Empty while not firing,
   * while the window length is unknown (fewer than two windows evaluated) and for {@code
   * staleWindows} 0 (stale resolution off).
   *
   * @param staleWindows 0 or more
   */
  public static Optional<Instant> staleAt(AlertState stateOrNull, int staleWindows) {
    if (staleWindows < 0) {
      throw new IllegalArgumentException("staleWindows must be at least 0, was " + staleWindows);
    }
    if (stateOrNull == null
        || !stateOrNull.firing()
        || stateOrNull.windowLength() == null
        || staleWindows == 0) {
      return Optional.empty();
    }
    return Optional.of(
        stateOrNull.lastWindowEnd().plus(stateOrNull.windowLength().multipliedBy(staleWindows)));
  }

  /**
   * The RESOLVED transition of a firing series that went stale at {@link #staleAt}: value NaN (no
   * data), endsAt and windowEnd = the stale instant, the same fingerprint as its FIRING, and a
   * summary saying that the series stopped reporting. The caller forgets the series' state
   * afterwards; a series that reports again starts over.
   *
   * @throws IllegalArgumentException if the series is not stale-resolvable ({@link #staleAt} empty)
   */
  public static AlertTransition resolveStale(
      AlertRule rule, SeriesKey series, AlertState state, int staleWindows) {
    if (!rule.name().equals(series.rule())) {
      throw new IllegalArgumentException(
          "series " + series + " is not of rule '" + rule.name() + "'");
    }
    Instant at =
        staleAt(state, staleWindows)
            .orElseThrow(
                () -> new IllegalArgumentException("series " + series + " cannot go stale"));
    SortedMap<String, String> labels = labels(rule, series.tags());
    String summary =
        "stale: no "
            + rule.measurement()
            + " point for "
            + staleWindows
            + " windows ("
            + seconds(state.windowLength().multipliedBy(staleWindows))
            + ") since "
            + state.lastWindowEnd()
            + ", resolved"
            + (series.tags().isEmpty() ? "" : " on " + SummaryTemplate.describe(series.tags()));
    return new AlertTransition(
        rule.name(),
        rule.severity(),
        labels,
        AlertStatus.RESOLVED,
        Double.NaN,
        rule.threshold(),
        state.startsAt(),
        at,
        at,
        Fingerprint.of(labels),
        summary,
        rule.describe());
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  /** The shortest positive gap between evaluated window ends, including the one ending now. */
  private static Duration windowLength(AlertState state, Instant windowEnd) {
    if (state.lastWindowEnd() == null) {
      return state.windowLength();
    }
    Duration gap = Duration.between(state.lastWindowEnd(), windowEnd);
    return state.windowLength() == null || gap.compareTo(state.windowLength()) < 0
        ? gap
        : state.windowLength();
  }

  /**
   * The labels of an alert of {@code rule} on {@code sample}: rule labels, overwritten by the
   * sample's tags, plus {@code alertname} and {@code severity}.
   */
  public static SortedMap<String, String> labels(AlertRule rule, MetricSample sample) {
    return labels(rule, sample.tags());
  }

  private static SortedMap<String, String> labels(AlertRule rule, Map<String, String> tags) {
    TreeMap<String, String> labels = new TreeMap<>(rule.labels());
    labels.putAll(tags);
    labels.put("alertname", rule.name());
    labels.put("severity", rule.severity().label());
    return Collections.unmodifiableSortedMap(labels);
  }

  private static AlertTransition transition(
      AlertRule rule, MetricSample sample, double value, AlertStatus status, Instant startsAt) {
    SortedMap<String, String> labels = labels(rule, sample);
    Instant windowEnd = sample.windowEnd();
    return new AlertTransition(
        rule.name(),
        rule.severity(),
        labels,
        status,
        value,
        rule.threshold(),
        startsAt,
        status == AlertStatus.RESOLVED ? windowEnd : null,
        windowEnd,
        Fingerprint.of(labels),
        rule.renderSummary(value, sample.tags(), labels),
        rule.describe());
  }
}
