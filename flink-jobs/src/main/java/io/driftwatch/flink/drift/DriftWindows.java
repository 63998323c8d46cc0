package io.driftwatch.flink.drift;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.ModelEventType;
import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the feature-drift, prediction-drift and data-quality points (and, to {@link #VOTES}, the
 * dataset-drift votes) of one feature shard of one model version per event-time window once the
 * watermark passes the window end and the version's reference profile is known, and clears the
 * window's state then (or when it is the oldest of more than {@code maxPending} windows waiting for
 * their profile, counted in {@value #DROPPED_METRIC}).
 *
 * <p>Per key and window the state is one {@link LiveProfile} (sketches, exact bin counts on the
 * reference edges once the profile is known) in a map by window end, and one event-time timer at
 * the window's last millisecond, registered with the window's first row — not one per row. Tumbling
 * windows when {@code slide == window}, else sliding ones (each row then updates window/slide
 * windows). A row whose windows have all ended (window end − 1 ≤ watermark; no allowed lateness, as
 * Flink's window operator by default) is dropped and counted in {@value #LATE_METRIC}.
 *
 * <p>Reference profiles arrive on the broadcast side from {@code model-events} ({@code LOADED}
 * events that carry one) and are kept in broadcast state by {@code model/version}; a newer event
 * for the same version replaces the profile. Windows that ended before it are evaluated and cleared
 * when it arrives. Decoded profiles and their bin edges are cached in the subtask's memory, at most
 * {@value #MAX_CACHED_PROFILES} profiles and the edges of {@value #MAX_CACHED_BINS} keys (least
 * recently used forgotten first, derived again from broadcast state when needed). The column names
 * of rows arrive once per layout ({@link AnsweredFeatureRows}) and stay in keyed state (a few per
 * version), never cleared: the projection sends a layout's names only once per instance, so a
 * forgotten layout could not be learnt again before a restart; a row of an unknown layout is
 * counted in {@value #UNKNOWN_LAYOUT_METRIC}. Undecodable profiles ({@value #BAD_PROFILE_METRIC})
 * and windows the policy cannot judge ({@value #FAILED_METRIC}) are logged and counted, never
 * failing the job.
 */
public final class DriftWindows
    extends KeyedBroadcastProcessFunction<FeatureShardKey, FeatureRow, ModelEvent, MetricPoint> {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(DriftWindows.class);

  public static final String DROPPED_METRIC = "driftWindowsDroppedWithoutProfile";
  public static final String BAD_PROFILE_METRIC = "undecodableReferenceProfiles";
  public static final String FAILED_METRIC = "driftWindowsNotEvaluated";
  public static final String LATE_METRIC = "driftLateRowsDropped";
  public static final String UNKNOWN_LAYOUT_METRIC = "driftRowsOfUnknownLayout";

  /** Broadcast state: serialized {@link ReferenceProfile} by {@code model/version}. */
  public static final MapStateDescriptor<String, byte[]> PROFILES =
      new MapStateDescriptor<>(
          "reference-profiles",
          Types.STRING,
          PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  /** Side output: each evaluated window's dataset-drift votes, for {@link DatasetDecision}. */
  public static final OutputTag<ShardVotes> VOTES =
      new OutputTag<>("dataset-votes", TypeInformation.of(ShardVotes.class));

  /**
   * Decoded reference profiles kept, least recently used forgotten first: 32, well above the model
   * versions one subtask sees at once (a profile of 100 columns decodes to up to about 1 MiB); a
   * forgotten one is decoded again from broadcast state when next needed.
   */
  static final int MAX_CACHED_PROFILES = 32;

  /**
   * Keys whose reference bin edges are kept, least recently used forgotten first: 256, eight shards
   * of each of {@value #MAX_CACHED_PROFILES} versions; forgotten ones are derived again from the
   * profile.
   */
  static final int MAX_CACHED_BINS = 256;

  static final MapStateDescriptor<Long, LiveProfile> WINDOWS =
      new MapStateDescriptor<>("drift-windows", Types.LONG, TypeInformation.of(LiveProfile.class));

  static final MapStateDescriptor<Long, FeatureLayout> LAYOUTS =
      new MapStateDescriptor<>(
          "feature-layouts", Types.LONG, TypeInformation.of(FeatureLayout.class));

  private final DriftPolicy policy;
  private final long window;
  private final long slide;
  private final int maxPending;
  private final int shards;

  private transient DriftPoints points;
  private transient Map<String, ReferenceProfile> decoded;
  private transient Map<FeatureShardKey, ReferenceBins> bins;
  private transient MapState<Long, LiveProfile> windows;
  private transient MapState<Long, FeatureLayout> layouts;
  private transient Counter dropped;
  private transient Counter badProfiles;
  private transient Counter failed;
  private transient Counter late;
  private transient Counter unknownLayout;

  /**
   * @param config window, slide, policy, maxPending (windows per key waiting for their profile) and
   *     shards
   */
  public DriftWindows(DriftJobConfig config) {
    Objects.requireNonNull(config, "config");
    this.policy = config.policy();
    this.window = config.window().toMillis();
    this.slide = config.slide().toMillis();
    this.maxPending = config.maxPending();
    this.shards = config.shards();
  }

  @Override
  public void open(OpenContext context) {
    points = new DriftPoints(policy);
    decoded = new LruCache<>(MAX_CACHED_PROFILES);
    bins = new LruCache<>(MAX_CACHED_BINS);
    windows = getRuntimeContext().getMapState(WINDOWS);
    layouts = getRuntimeContext().getMapState(LAYOUTS);
    var metrics = getRuntimeContext().getMetricGroup();
    dropped = metrics.counter(DROPPED_METRIC);
    badProfiles = metrics.counter(BAD_PROFILE_METRIC);
    failed = metrics.counter(FAILED_METRIC);
    late = metrics.counter(LATE_METRIC);
    unknownLayout = metrics.counter(UNKNOWN_LAYOUT_METRIC);
  }

  @Override
  public void processElement(FeatureRow row, ReadOnlyContext ctx, Collector<MetricPoint> out)
      throws Exception {
    FeatureLayout layout = row.layout();
    if (layout != null && !layouts.contains(row.layoutId())) {
      layouts.put(row.layoutId(), layout);
    }
    long time = ctx.timestamp();
    long watermark = ctx.timerService().currentWatermark();
    ReferenceBins edges = null;
    boolean taken = false;
    for (long start = TimeWindow.getWindowStartWithOffset(time, 0, slide);
        start > time - window;
        start -= slide) {
      long end = start + window;
      if (end - 1 <= watermark) {
        continue;
      }
      taken = true;
      if (edges == null) {
        edges = referenceBins(ctx);
      }
      LiveProfile live = windows.get(end);
      boolean opened = live == null;
      if (opened) {
        live = LiveProfile.empty();
      }
      if (!live.resolves(row.layoutId())) {
        // The window's first row of this layout (or the first since a checkpoint copied the
        // profile): look its names up once.
        layout = layout != null ? layout : layouts.get(row.layoutId());
        if (layout == null) {
          unknownLayout.inc();
          return;
        }
        live.resolve(layout, edges);
      }
      if (opened) {
        ctx.timerService().registerEventTimeTimer(end - 1);
      }
      live.add(row, edges);
      windows.put(end, live);
    }
    if (!taken) {
      late.inc();
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricPoint> out)
      throws Exception {
    long end = timestamp + 1;
    LiveProfile live = windows.get(end);
    if (live == null) {
      return;
    }
    FeatureShardKey key = ctx.getCurrentKey();
    String id = key.id();
    ReferenceProfile reference = profile(id, ctx.getBroadcastState(PROFILES).get(id));
    if (reference != null) {
      windows.remove(end);
      emit(reference, key, end, live, out, votes -> ctx.output(VOTES, votes));
      return;
    }
    live.close();
    windows.put(end, live);
    dropOldestClosedBeyondBound(id);
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
    bins.keySet().removeIf(key -> key.id().equals(id));
    ReferenceProfile reference = profile(id, profile);
    if (reference == null) {
      return;
    }
    ctx.getBroadcastState(PROFILES).put(id, profile);
    ctx.applyToKeyedState(
        WINDOWS,
        (key, state) -> {
          if (!key.id().equals(id)) {
            return;
          }
          List<Long> ended = new ArrayList<>();
          for (Map.Entry<Long, LiveProfile> entry : state.entries()) {
            if (entry.getValue().closed()) {
              ended.add(entry.getKey());
            }
          }
          ended.sort(null);
          for (Long end : ended) {
            emit(reference, key, end, state.get(end), out, votes -> ctx.output(VOTES, votes));
            state.remove(end);
          }
        });
  }

  /**
   * Emits the window's points and votes. A window the statistics reject (say, a per-feature method
   * override that does not fit the column's kind) is logged and counted in {@value #FAILED_METRIC}.
   */
  private void emit(
      ReferenceProfile reference,
      FeatureShardKey key,
      long end,
      LiveProfile live,
      Collector<MetricPoint> out,
      Consumer<ShardVotes> votes) {
    LiveWindow closed =
        new LiveWindow(key.model(), key.version(), key.index(shards), end - window, end, live);
    DriftPoints.ShardResult result;
    try {
      result = points.evaluate(reference, closed, shards);
    } catch (IllegalArgumentException e) {
      failed.inc();
      LOG.warn(
          "Cannot evaluate the drift window of {} shard {} ending {}: {}",
          key.id(),
          key.index(shards),
          end,
          e.getMessage());
      return;
    }
    result.points().forEach(out::collect);
    votes.accept(new ShardVotes(key.model(), key.version(), end, result.votes()));
  }

  private void dropOldestClosedBeyondBound(String id) throws Exception {
    List<Long> ended = new ArrayList<>();
    for (Map.Entry<Long, LiveProfile> entry : windows.entries()) {
      if (entry.getValue().closed()) {
        ended.add(entry.getKey());
      }
    }
    if (ended.size() <= maxPending) {
      return;
    }
    ended.sort(null);
    for (Long end : ended.subList(0, ended.size() - maxPending)) {
      windows.remove(end);
      dropped.inc();
      LOG.warn("No reference profile for {} yet; dropping its drift window ending {}", id, end);
    }
  }

  /**
   * The bin edges of the key's profile, cached per key (at most {@value #MAX_CACHED_BINS}) until
   * the next profile arrives.
   */
  private ReferenceBins referenceBins(ReadOnlyContext ctx) throws Exception {
    FeatureShardKey key = ctx.getCurrentKey();
    ReferenceBins cached = bins.get(key);
    if (cached == null) {
      String id = key.id();
      ReferenceProfile reference = profile(id, ctx.getBroadcastState(PROFILES).get(id));
      cached = reference == null ? ReferenceBins.NONE : ReferenceBins.of(reference);
      bins.put(key, cached);
    }
    return cached;
  }

  /**
   * The decoded profile for {@code id}, cached (at most {@value #MAX_CACHED_PROFILES}); null when
   * absent or undecodable.
   */
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
