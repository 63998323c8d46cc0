package io.driftwatch.flink.drift;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds the answered predictions of one window into a {@link LiveProfile}; Flink keeps one profile
 * per key and window and clears it when the window fires.
 */
public final class LiveProfileAggregate
    implements AggregateFunction<FeatureRow, LiveProfile, LiveProfile> {

  private static final long serialVersionUID = 1L;

  @Override
  public LiveProfile createAccumulator() {
    return LiveProfile.empty();
  }

  @Override
  public LiveProfile add(FeatureRow row, LiveProfile profile) {
    profile.add(row);
    return profile;
  }

  @Override
  public LiveProfile getResult(LiveProfile profile) {
    return profile;
  }

  @Override
  public LiveProfile merge(LiveProfile a, LiveProfile b) {
    a.merge(b);
    return a;
  }
}
