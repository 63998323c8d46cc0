package io.driftwatch.local;

import io.driftwatch.retraining.Action;
import io.driftwatch.retraining.Decision;
import io.driftwatch.retraining.DecisionLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Says on the console what the retraining receiver did about the alerts it was sent, oldest first:
 * a retrain queued, a version retrained and loaded (the line names the new version, which serves
 * from then on), a failed load, a skipped or failed retrain, a cooldown, a rollback. Resolved
 * alerts, coalesced triggers and ignored alerts are left out, since they change nothing. Not
 * thread-safe: one caller polls.
 */
final class RetrainReport {

  private static final Set<Action> QUIET =
      Set.of(Action.RECORDED, Action.COALESCED, Action.IGNORED);

  private final DecisionLog decisions;
  private Decision newestSeen;

  RetrainReport(DecisionLog decisions) {
    this.decisions = decisions;
  }

  /** Lines for the decisions made since the previous call. */
  List<String> newLines() {
    List<Decision> recent = decisions.recent();
    List<Decision> unseen = new ArrayList<>();
    for (Decision d : recent) {
      if (d.equals(newestSeen)) {
        break;
      }
      unseen.add(0, d);
    }
    if (!recent.isEmpty()) {
      newestSeen = recent.get(0);
    }
    List<String> lines = new ArrayList<>();
    for (Decision d : unseen) {
      if (!QUIET.contains(d.action())) {
        lines.add(line(d));
      }
    }
    return lines;
  }

  private static String line(Decision d) {
    String action = d.action().label();
    String then =
        d.action() == Action.RETRAINED ? " → version " + d.version() + " serves as champion" : "";
    return String.format(
        Locale.ROOT,
        "%s  %s v%s RETRAIN %-11s %s: %s%s",
        d.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        d.model(),
        d.version(),
        action,
        d.rule(),
        d.detail(),
        then);
  }
}
