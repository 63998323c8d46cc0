package io.driftwatch.flink.drift;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.ModelEventType;
import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the drift, data-quality and dataset-drift points of every closed {@link LiveWindow} as soon
 * as its model version's reference profile is known.
 *
 * <p>Reference profiles arrive on the broadcast side from {@code model-events} ({@code LOADED}
 * events that carry one) and are kept in broadcast state by {@code model/version}; a newer event
 * for the same version replaces the profile, and nothing removes it (an unloaded version's late
 * windows can still be evaluated). A window whose profile has not arrived yet waits in keyed state,
 * at most {@code maxPending} windows (of all shards) per version: when one more arrives the oldest
 * is dropped and counted in {@value #DROPPED_METRIC}. Waiting windows are evaluated and cleared
 * when the profile arrives.
 *
 * <p>Each window arrives once per feature shard. The feature and prediction drift and data-quality
 * points of a shard are emitted at once; the shard's votes for the model-level {@code
 * dataset_drift} decision wait in keyed state until every shard of that window is in, then the
 * dataset point is emitted and the votes cleared (at most {@code maxPending} windows wait).
 * Profiles that cannot be decoded are logged and counted in {@value #BAD_PROFILE_METRIC}, windows
 * the policy cannot judge in {@value #FAILED_METRIC}; neither fails the job.
 */
public final class DriftEvaluator
    extends KeyedBroadcastProcessFunction<ModelVersionKey, LiveWindow, ModelEvent, MetricPoint> {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(DriftEvaluator.class);

  public static final String DROPPED_METRIC = "driftWindowsDroppedWithoutProfile";
  public static final String BAD_PROFILE_METRIC = "undecodableReferenceProfiles";
  public static final String FAILED_METRIC = "driftWindowsNotEvaluated";

  /** Broadcast state: serialized {@link ReferenceProfile} by {@code model/version}. */
  public static final MapStateDescriptor<String, byte[]> PROFILES =
      new MapStateDescriptor<>(
          "reference-profiles",
          Types.STRING,
          PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  static final ListStateDescriptor<LiveWindow> PENDING =
      new ListStateDescriptor<>("windows-awaiting-profile", TypeInformation.of(LiveWindow.class));

  /** Dataset-drift votes of the shards seen so far, by window end. */
  static final MapStateDescriptor<Long, DatasetVotes> VOTES =
      new MapStateDescriptor<>("dataset-votes", Types.LONG, TypeInformation.of(DatasetVotes.class));

  private final DriftPolicy policy;
  private final int maxPending;
  private final int shards;

  private transient DriftPoints points;
  private transient Map<String, ReferenceProfile> decoded;
  private transient ListState<LiveWindow> pending;
  private transient MapState<Long, DatasetVotes> votes;
  private transient Counter dropped;
  private transient Counter badProfiles;
  private transient Counter failed;

  /**
   * @param policy drift methods and thresholds
   * @param maxPending closed windows kept per model version while its profile is unknown, and
   *     windows whose dataset decision waits for more shards, >= 1
   * @param shards feature shards per model version, >= 1
   */
  public DriftEvaluator(DriftPolicy policy, int maxPending, int shards) {
    this.policy = Objects.requireNonNull(policy, "policy");
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be >= 1, was " + maxPending);
    }
    this.maxPending = maxPending;
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, was " + shards);
    }
    this.shards = shards;
  }

  @Override
  public void open(OpenContext context) {
    points = new DriftPoints(policy);
    decoded = new HashMap<>();
    pending = getRuntimeContext().getListState(PENDING);
    votes = getRuntimeContext().getMapState(VOTES);
    dropped = getRuntimeContext().getMetricGroup().counter(DROPPED_METRIC);
    badProfiles = getRuntimeContext().getMetricGroup().counter(BAD_PROFILE_METRIC);
    failed = getRuntimeContext().getMetricGroup().counter(FAILED_METRIC);
  }

  @Override
  public void processElement(LiveWindow window, ReadOnlyContext ctx, Collector<MetricPoint> out)
      throws Exception {
    String id = window.key().id();
    ReferenceProfile reference = profile(id, ctx.getBroadcastState(PROFILES).get(id));
    if (reference != null) {
      emit(reference, window, out);
      return;
    }
    List<LiveWindow> waiting = new ArrayList<>();
    pending.get().forEach(waiting::add);
    waiting.add(window);
    while (waiting.size() > maxPending * shards) {
      LiveWindow oldest = waiting.remove(0);
      dropped.inc();
      LOG.warn(
          "No reference profile for {} yet; dropping its drift window ending {}",
          id,
          oldest.windowEnd());
    }
    pending.update(waiting);
  }

  @Override
  public void processBroadcastElement(ModelEvent event, Context ctx, Collector<MetricPoint> out)
      throws Exception {
    ByteBuffer bytes = event.getReferenceProfile();
    if (event.getType() != ModelEventType.LOADED || bytes == null) {
      return;
    }
    byte[] profile = new byte[bytes.remaining()];
    bytes.duplicate().get(profile);
    String id = ModelVersionKey.of(event).id();
    decoded.remove(id);
    if (profile(id, profile) == null) {
      return;
    }
    BroadcastState<String, byte[]> profiles = ctx.getBroadcastState(PROFILES);
    profiles.put(id, profile);
    ReferenceProfile reference = decoded.get(id);
    ctx.applyToKeyedState(
        PENDING,
        (key, state) -> {
          if (key.id().equals(id)) {
            for (LiveWindow window : state.get()) {
              emit(reference, window, out);
            }
            state.clear();
          }
        });
  }

  /**
   * Emits the window's points. A window the statistics reject (say, a per-feature method override
   * that does not fit the column's kind) is logged and counted in {@value #FAILED_METRIC}, never
   * failing the job.
   */
  private void emit(ReferenceProfile reference, LiveWindow window, Collector<MetricPoint> out)
      throws Exception {
    DriftPoints.ShardResult result;
    try {
      result = points.evaluate(reference, window, shards);
    } catch (IllegalArgumentException e) {
      failed.inc();
      LOG.warn(
          "Cannot evaluate the drift window of {} shard {} ending {}: {}",
          window.key().id(),
          window.shard(),
          window.windowEnd(),
          e.getMessage());
      return;
    }
    result.points().forEach(out::collect);
    DatasetVotes collected = votes.get(window.windowEnd());
    DatasetVotes all = collected == null ? result.votes() : collected.plus(result.votes());
    if (all.shards() < shards) {
      votes.put(window.windowEnd(), all);
      dropOldestVotesBeyondBound();
      return;
    }
    votes.remove(window.windowEnd());
    out.collect(points.datasetPoint(window.key(), window.windowEnd(), all));
  }

  /**
   * A window whose other shards never come (one was dropped while waiting for its profile) must not
   * keep its votes forever: at most {@code maxPending} windows wait for shards.
   */
  private void dropOldestVotesBeyondBound() throws Exception {
    List<Long> ends = new ArrayList<>();
    votes.keys().forEach(ends::add);
    if (ends.size() <= maxPending) {
      return;
    }
    ends.sort(null);
    for (Long end : ends.subList(0, ends.size() - maxPending)) {
      votes.remove(end);
      dropped.inc();
      LOG.warn("Dropping the incomplete dataset-drift votes of the window ending {}", end);
    }
  }

  /** The decoded profile for {@code id}, cached; null when absent or undecodable. */
  private ReferenceProfile profile(String id, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    ReferenceProfile cached = decoded.get(id);
    if (cached != null) {
      return cached;
    }
    try {
      ReferenceProfile profile = ReferenceProfileCodec.decode(bytes);
      decoded.put(id, profile);
      return profile;
    } catch (IllegalArgumentException e) {
      badProfiles.inc();
      LOG.warn("Ignoring undecodable reference profile of {}: {}", id, e.getMessage());
      return null;
    }
  }
}
