package io.driftwatch.gateway;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.repository.ModelVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live models of a Triton-layout repository {@code <root>/<model>/<version>/model.onnx}: owns
 * every loaded session and closes it once no request uses it.
 *
 * <p>Which versions are loaded follows each model's {@link VersionPolicy} ({@code
 * <model>/config.json}, else the gateway default). {@link #load}, {@link #unload} and {@link #poll}
 * change the set at run time; a version that fails to load is listed as UNAVAILABLE with its reason
 * and never displaces a loaded one. Requests that name no version are split by the model's {@link
 * TrafficPolicy}: the highest loaded version becomes champion when it loads, the previous champion
 * is kept for {@link #rollback}.
 *
 * <p>Thread-safe. Readers route from an immutable snapshot behind an {@link AtomicReference}, so
 * each request resolves once and never sees a half-applied change; writers are serialized, publish
 * a new snapshot, then close the versions it retired (after their in-flight requests finish, see
 * {@link LoadedModel#close(Duration)}). Every load, failed load and unload is published as a {@link
 * ModelEvent}.
 */
final class ModelRepository implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);

  /** How long an unload waits for a retired version's in-flight requests. */
  static final Duration RETIRE_TIMEOUT = Duration.ofSeconds(5);

  /** Routing attempts when the chosen version is retired between snapshot read and lease. */
  private static final int ROUTE_ATTEMPTS = 8;

  /** Loads one version directory; {@link LoadedModel#load} in production. */
  @FunctionalInterface
  interface VersionLoader {
    /**
     * @param modelConfig the model's configuration ({@link ModelConfigFile#read}), read once for
     *     all its versions
     */
    LoadedModel load(String model, String version, Path directory, Optional<JsonNode> modelConfig)
        throws ModelLoadException;
  }

  /**
   * One model in a routing snapshot.
   *
   * @param versions every known version, loaded or not, by number
   * @param traffic null until a version has loaded
   * @param unloaded true after {@link #unload}: polling leaves the model alone until {@link #load}
   */
  private record ModelEntry(
      String name,
      VersionPolicy policy,
      NavigableMap<Long, VersionState> versions,
      TrafficPolicy traffic,
      boolean unloaded) {

    Set<Long> loaded() {
      return ModelRepository.loaded(versions);
    }

    Optional<LoadedModel> model(String version) {
      return versionNumber(version).map(versions::get).flatMap(VersionState::loaded);
    }
  }

  private final Path root;
  private final VersionLoader loader;
  private final VersionPolicy defaultPolicy;
  private final Consumer<ModelEvent> events;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicReference<Map<String, ModelEntry>> snapshot = new AtomicReference<>(Map.of());
  // Writer state, guarded by `this`: what each failed version's files looked like when it
  // failed, so polling retries it only once they change (Triton reloads on modification too).
  private final Map<String, String> failedSignatures = new HashMap<>();
  // Directories already warned about, so that polling does not repeat the warning every pass.
  private final Set<String> warned = new HashSet<>();
  private boolean closed;

  private ModelRepository(
      Path root,
      VersionLoader loader,
      VersionPolicy defaultPolicy,
      Consumer<ModelEvent> events,
      Clock clock) {
    this.root = root;
    this.loader = loader;
    this.defaultPolicy = defaultPolicy;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Loads every model under {@code root} by its version policy, publishing each outcome to {@code
   * events}.
   *
   * @param defaultPolicy policy of models without a {@code config.json} policy
   * @param clock time of model events and traffic changes
   * @throws IOException when {@code root} is not a readable directory
   */
  static ModelRepository open(
      Path root,
      VersionLoader loader,
      VersionPolicy defaultPolicy,
      Consumer<ModelEvent> events,
      Clock clock)
      throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("gateway.model-repository: " + root + " is not a directory");
    }
    ModelRepository repository = new ModelRepository(root, loader, defaultPolicy, events, clock);
    repository.poll();
    return repository;
  }

  /** As {@link #open} with ONNX Runtime sessions, the default policy and no event consumer. */
  static ModelRepository load(Path root, OrtEnvironment environment, SessionFactory sessions)
      throws IOException {
    return open(
        root,
        onnxLoader(environment, sessions),
        VersionPolicy.DEFAULT,
        event -> {},
        Clock.systemUTC());
  }

  static VersionLoader onnxLoader(OrtEnvironment environment, SessionFactory sessions) {
    return onnxLoader(environment, sessions, Batching.off());
  }

  /** As {@link #onnxLoader(OrtEnvironment, SessionFactory)}, every version batching as told. */
  static VersionLoader onnxLoader(
      OrtEnvironment environment, SessionFactory sessions, Batching batching) {
    return (model, version, directory, config) ->
        LoadedModel.load(
            model,
            version,
            directory,
            environment,
            sessions,
            batching.forModel(config, directory.getParent()));
  }

  private static List<Path> children(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Empty for a directory Triton would ignore ({@link ModelVersions}), {@code 0} and {@code 007}.
   */
  private static Optional<Long> versionNumber(String name) {
    if (!ModelVersions.isVersion(name)) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(name));
  }

  Path root() {
    return root;
  }

  // ---------------------------------------------------------------- reads (lock-free)

  /**
   * Routes one infer request and leases the versions it uses; the caller closes the route. A
   * request that names a version is labelled with the variant that version plays now (champion,
   * challenger or shadow), else champion, and is not shadowed: the client chose the version, so its
   * events stay comparable with the split traffic of that version.
   *
   * @param version the version named in the path; empty to split by the traffic policy
   * @param routingKey stable key of the request, hashed for the champion/challenger split
   * @throws GatewayException 404 for an unknown model or version, 503 when it is not loaded
   */
  Route route(String model, Optional<String> version, String routingKey) {
    for (int attempt = 0; attempt < ROUTE_ATTEMPTS; attempt++) {
      ModelEntry entry = entry(snapshot.get(), model);
      LoadedModel chosen;
      String variant;
      Optional<LoadedModel> shadow = Optional.empty();
      if (version.isPresent()) {
        chosen = loaded(entry, version.get());
        variant =
            entry.traffic() == null
                ? TrafficPolicy.CHAMPION
                : entry.traffic().roleOf(chosen.version()).orElse(TrafficPolicy.CHAMPION);
      } else {
        TrafficPolicy traffic = serving(entry);
        variant = traffic.variantFor(routingKey);
        chosen = entry.model(traffic.versionOf(variant)).orElseThrow(() -> noServing(entry));
        shadow = traffic.shadow().flatMap(entry::model);
      }
      if (chosen.tryAcquire()) {
        // A shadow retired meanwhile is skipped: it must never hold up or fail the real request.
        return new Route(chosen, variant, shadow.filter(LoadedModel::tryAcquire));
      }
      // The chosen version was retired after this snapshot was read; the next one no longer has it.
    }
    throw GatewayException.unavailable("model '" + model + "' is being reloaded; retry");
  }

  /**
   * The version a request names, or the champion when it names none; no lease is taken, so use it
   * only for metadata.
   *
   * @throws GatewayException 404 for an unknown model or version, 503 when it is not loaded
   */
  LoadedModel resolve(String model, Optional<String> version) {
    ModelEntry entry = entry(snapshot.get(), model);
    if (version.isPresent()) {
      return loaded(entry, version.get());
    }
    return entry.model(serving(entry).champion()).orElseThrow(() -> noServing(entry));
  }

  /**
   * The state of one version, or of the champion when none is named (the highest version when
   * nothing is loaded).
   *
   * @throws GatewayException 404 for an unknown model or version
   */
  VersionState state(String model, Optional<String> version) {
    ModelEntry entry = entry(snapshot.get(), model);
    if (version.isPresent()) {
      return state(entry, version.get());
    }
    return Optional.ofNullable(entry.traffic())
        .flatMap(t -> entry.model(t.champion()))
        .map(VersionState::ready)
        .orElse(entry.versions().lastEntry().getValue());
  }

  /** The loaded versions of a model, in ascending order; 404 for an unknown model. */
  List<String> readyVersions(String model) {
    return entry(snapshot.get(), model).versions().values().stream()
        .filter(VersionState::isReady)
        .map(VersionState::version)
        .toList();
  }

  /** Every version of every model, by model name then version number. */
  List<VersionState> index() {
    List<VersionState> all = new ArrayList<>();
    snapshot.get().values().forEach(entry -> all.addAll(entry.versions().values()));
    return all;
  }

  /** The versions of one model; 404 for an unknown model. */
  List<VersionState> versions(String model) {
    return List.copyOf(entry(snapshot.get(), model).versions().values());
  }

  /**
   * Whether there is at least one model and every model that was not explicitly unloaded has a
   * loaded champion.
   */
  boolean allModelsServing() {
    Map<String, ModelEntry> models = snapshot.get();
    return !models.isEmpty()
        && models.values().stream()
            .filter(e -> !e.unloaded())
            .allMatch(e -> e.traffic() != null && e.model(e.traffic().champion()).isPresent());
  }

  /**
   * The model's traffic policy.
   *
   * @throws GatewayException 404 for an unknown model, 503 when no version has ever loaded
   */
  TrafficPolicy traffic(String model) {
    return serving(entry(snapshot.get(), model));
  }

  private static ModelEntry entry(Map<String, ModelEntry> models, String model) {
    ModelEntry entry = models.get(model);
    if (entry == null) {
      throw GatewayException.notFound(
          "unknown model '" + model + "'; the repository has " + models.keySet());
    }
    return entry;
  }

  private static TrafficPolicy serving(ModelEntry entry) {
    if (entry.traffic() == null) {
      throw noServing(entry);
    }
    return entry.traffic();
  }

  private static GatewayException noServing(ModelEntry entry) {
    return GatewayException.unavailable(
        "model '"
            + entry.name()
            + "' has no loaded version: "
            + entry.versions().values().stream()
                .map(v -> "version " + v.version() + ": " + v.reason())
                .toList());
  }

  private static LoadedModel loaded(ModelEntry entry, String version) {
    VersionState state = state(entry, version);
    return state
        .loaded()
        .orElseThrow(
            () ->
                GatewayException.unavailable(
                    "model '"
                        + entry.name()
                        + "' version "
                        + version
                        + " is unavailable: "
                        + state.reason()));
  }

  private static VersionState state(ModelEntry entry, String version) {
    VersionState state = versionNumber(version).map(entry.versions()::get).orElse(null);
    if (state == null) {
      throw GatewayException.notFound(
          "model '"
              + entry.name()
              + "' has no version '"
              + version
              + "'; versions: "
              + entry.versions().values().stream().map(VersionState::version).toList());
    }
    return state;
  }

  // ---------------------------------------------------------------- writes (serialized)

  /**
   * Triton's repository load: re-reads the model's directory (also one that appeared after start)
   * and its policy, loads the versions the policy selects, retrying failed ones, and unloads the
   * rest.
   *
   * @return the model's versions afterwards
   * @throws GatewayException 404 when there is no such model directory, 400 naming the first
   *     version that failed to load (the serving versions stay)
   */
  synchronized List<VersionState> load(String model) {
    requireOpen();
    Path directory = root.resolve(model).normalize();
    if (!directory.getParent().equals(root.normalize()) || !Files.isDirectory(directory)) {
      throw GatewayException.notFound(
          "unknown model '" + model + "': no directory " + root.resolve(model));
    }
    List<String> failures = reconcile(model, true);
    if (!failures.isEmpty()) {
      throw GatewayException.badRequest("failed to load model '" + model + "' " + failures.get(0));
    }
    return versions(model);
  }

  /**
   * Triton's repository unload: unloads every version of the model; polling leaves it unloaded
   * until the next {@link #load}. Returns once the sessions are closed (in-flight requests finish
   * first, up to {@link #RETIRE_TIMEOUT}).
   *
   * @return the model's versions afterwards
   * @throws GatewayException 404 for an unknown model
   */
  synchronized List<VersionState> unload(String model) {
    requireOpen();
    Map<String, ModelEntry> models = snapshot.get();
    ModelEntry entry = entry(models, model);
    NavigableMap<Long, VersionState> versions = new TreeMap<>();
    List<LoadedModel> retired = new ArrayList<>();
    List<ModelEvent> published = new ArrayList<>();
    for (VersionState state : entry.versions().values()) {
      state.loaded().ifPresent(retired::add);
      String reason = state.isReady() ? "unloaded" : state.reason();
      versions.put(
          versionNumber(state.version()).orElseThrow(),
          VersionState.unavailable(model, state.version(), reason));
      state
          .loaded()
          .ifPresent(m -> published.add(ModelEvents.unloaded(model, m.version(), clock.instant())));
    }
    publish(
        models,
        new ModelEntry(
            model,
            entry.policy(),
            Collections.unmodifiableNavigableMap(versions),
            entry.traffic(),
            true),
        published,
        retired);
    LOG.info("unloaded model {}", model);
    return versions(model);
  }

  /**
   * One polling pass (Triton's {@code --repository-poll-secs}): loads new models and versions,
   * unloads versions and models whose directories are gone or that their policy no longer selects,
   * retries failed versions whose files changed. Explicitly unloaded models are left alone.
   */
  synchronized void poll() {
    if (closed) {
      return;
    }
    Set<String> names = new TreeSet<>(snapshot.get().keySet());
    children(root).forEach(dir -> names.add(dir.getFileName().toString()));
    for (String model : names) {
      ModelEntry entry = snapshot.get().get(model);
      if (entry != null && entry.unloaded()) {
        continue;
      }
      try {
        reconcile(model, false);
      } catch (RuntimeException e) {
        LOG.warn("polling model {} failed: {}", model, e.toString());
      }
    }
  }

  /**
   * Brings one model in line with its directory and policy.
   *
   * @param explicit retry failed versions even when unchanged, and report a bad config
   * @return "version V: reason" of every version that failed to load in this pass
   */
  private List<String> reconcile(String model, boolean explicit) {
    Map<String, ModelEntry> models = snapshot.get();
    ModelEntry current = models.get(model);
    Path directory = root.resolve(model);
    Map<Long, Path> onDisk = new TreeMap<>(Collections.reverseOrder());
    if (Files.isDirectory(directory)) {
      for (Path versionDir : children(directory)) {
        versionNumber(versionDir.getFileName().toString())
            .ifPresentOrElse(
                number -> onDisk.put(number, versionDir),
                () -> {
                  if (warned.add(versionDir.toString())) {
                    LOG.warn(
                        "ignoring {}: version directories must be named by a number", versionDir);
                  }
                });
      }
    }
    if (onDisk.isEmpty() && current == null) {
      if (explicit) {
        return List.of("version (none): " + directory + " has no numeric version directory");
      }
      if (warned.add(directory.toString())) {
        LOG.warn("ignoring {}: it has no numeric version directory", directory);
      }
      return List.of();
    }
    Optional<JsonNode> config;
    VersionPolicy policy;
    try {
      config = ModelConfigFile.read(directory, json);
      policy = VersionPolicy.of(config, directory, defaultPolicy);
    } catch (ModelLoadException e) {
      if (explicit) {
        return List.of("config: " + e.getMessage());
      }
      LOG.warn("model {}: keeping its versions as they are: {}", model, e.getMessage());
      return List.of();
    }
    NavigableMap<Long, VersionState> before =
        current == null ? Collections.emptyNavigableMap() : current.versions();
    NavigableMap<Long, VersionState> after = new TreeMap<>();
    List<LoadedModel> retired = new ArrayList<>();
    List<ModelEvent> published = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    int loaded = 0;
    for (Map.Entry<Long, Path> disk : onDisk.entrySet()) {
      long number = disk.getKey();
      String version = disk.getValue().getFileName().toString();
      String key = model + "/" + version;
      VersionState was = before.get(number);
      if (!policy.admits(number, loaded)) {
        String reason = "not selected by version policy " + policy;
        if (was != null && was.isReady()) {
          retired.add(was.loaded().get());
          published.add(ModelEvents.unloaded(model, version, clock.instant()));
          LOG.info("unloading {} version {}: {}", model, version, reason);
        }
        after.put(number, VersionState.unavailable(model, version, reason));
        continue;
      }
      if (was != null && was.isReady()) {
        after.put(number, was);
        loaded++;
        continue;
      }
      String signature = signature(disk.getValue());
      if (!explicit && was != null && signature.equals(failedSignatures.get(key))) {
        after.put(number, was);
        continue;
      }
      VersionState state = loadVersion(model, version, disk.getValue(), config);
      after.put(number, state);
      published.add(ModelEvents.of(state, clock.instant()));
      if (state.isReady()) {
        failedSignatures.remove(key);
        loaded++;
      } else {
        failedSignatures.put(key, signature);
        failures.add("version " + version + ": " + state.reason());
      }
    }
    for (VersionState gone : before.values()) {
      long number = versionNumber(gone.version()).orElseThrow();
      if (!onDisk.containsKey(number)) {
        gone.loaded()
            .ifPresent(
                m -> {
                  retired.add(m);
                  published.add(ModelEvents.unloaded(model, m.version(), clock.instant()));
                  LOG.info("unloading {} version {}: its directory is gone", model, m.version());
                });
        failedSignatures.remove(model + "/" + gone.version());
      }
    }
    TrafficPolicy traffic =
        adjust(current == null ? null : current.traffic(), before, after, explicit);
    ModelEntry next =
        after.isEmpty()
            ? null
            : new ModelEntry(
                model, policy, Collections.unmodifiableNavigableMap(after), traffic, false);
    if (next == null) {
      LOG.info("model {} is gone from the repository", model);
    }
    publish(models, model, next, published, retired);
    return failures;
  }

  private VersionState loadVersion(
      String model, String version, Path directory, Optional<JsonNode> config) {
    try {
      return VersionState.ready(loader.load(model, version, directory, config));
    } catch (ModelLoadException e) {
      LOG.warn("model {} version {} is unavailable: {}", model, version, e.getMessage());
      return VersionState.unavailable(model, version, e.getMessage());
    }
  }

  /** The files of a version directory (names, sizes, modification times), to notice changes. */
  private static String signature(Path versionDir) {
    // The model's configuration too: fixing a version's batching there retries it.
    Stream<Path> config =
        Stream.of(ModelConfigFile.TRITON_NAME, ModelConfigFile.NAME)
            .map(versionDir.getParent()::resolve);
    try (Stream<Path> files = Files.list(versionDir)) {
      return Stream.concat(files.sorted(), config)
          .filter(Files::isRegularFile)
          .map(
              f -> {
                try {
                  return f.getFileName() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f);
                } catch (IOException e) {
                  return f.getFileName() + ":?";
                }
              })
          .collect(Collectors.joining(","));
    } catch (IOException e) {
      return "unreadable";
    }
  }

  /**
   * The traffic policy after a change of loaded versions: a version that loads above every
   * previously loaded one becomes champion; roles of versions no longer loaded are cleared, and a
   * champion that is gone is replaced by the previous champion, else the highest loaded version.
   */
  private TrafficPolicy adjust(
      TrafficPolicy traffic,
      NavigableMap<Long, VersionState> before,
      NavigableMap<Long, VersionState> after,
      boolean explicit) {
    TreeSet<Long> loadedAfter = loaded(after);
    if (loadedAfter.isEmpty()) {
      return traffic;
    }
    String highest = after.get(loadedAfter.last()).version();
    if (traffic == null) {
      return TrafficPolicy.initial(
          highest, clock.instant(), "version " + highest + " is the highest loaded version");
    }
    TreeSet<Long> loadedBefore = loaded(before);
    if (loadedBefore.isEmpty() || loadedAfter.last() > loadedBefore.last()) {
      traffic =
          traffic.promote(
              highest,
              clock.instant(),
              "version " + highest + " loaded" + (explicit ? " by request" : " by polling"));
    }
    Set<String> live =
        loadedAfter.stream().map(n -> after.get(n).version()).collect(Collectors.toSet());
    if (!live.contains(traffic.champion())) {
      String gone = traffic.champion();
      String successor = traffic.previousChampion().filter(live::contains).orElse(highest);
      traffic = traffic.rollBackTo(successor, clock.instant(), "version " + gone + " unloaded");
    }
    if (traffic.challenger().isPresent() && !live.contains(traffic.challenger().get().version())) {
      traffic = traffic.withChallenger(Optional.empty());
    }
    if (traffic.shadow().isPresent() && !live.contains(traffic.shadow().get())) {
      traffic = traffic.withShadow(Optional.empty());
    }
    return traffic;
  }

  private static TreeSet<Long> loaded(NavigableMap<Long, VersionState> versions) {
    return versions.entrySet().stream()
        .filter(e -> e.getValue().isReady())
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Changes who plays champion, challenger and shadow.
   *
   * @throws GatewayException 404 for an unknown model, 400 naming the field whose version is not
   *     loaded or that repeats the champion
   */
  synchronized TrafficPolicy setTraffic(String model, TrafficPolicy.Update update) {
    requireOpen();
    Map<String, ModelEntry> models = snapshot.get();
    ModelEntry entry = entry(models, model);
    TrafficPolicy traffic = serving(entry);
    String reason = update.reason().orElse("set by the traffic endpoint");
    if (update.champion().isPresent()) {
      String champion = requireLoaded(entry, update.champion().get(), "champion");
      traffic = traffic.promote(champion, clock.instant(), reason);
    }
    if (update.challenger().isPresent()) {
      Optional<TrafficPolicy.Challenger> challenger = update.challenger().get();
      if (challenger.isPresent()) {
        String version = requireLoaded(entry, challenger.get().version(), "challenger.version");
        requireNotChampion(traffic, version, "challenger.version");
        challenger = Optional.of(new TrafficPolicy.Challenger(version, challenger.get().weight()));
      }
      traffic = traffic.withChallenger(challenger);
    }
    if (update.shadow().isPresent()) {
      Optional<String> shadow = update.shadow().get();
      if (shadow.isPresent()) {
        String version = requireLoaded(entry, shadow.get(), "shadow");
        requireNotChampion(traffic, version, "shadow");
        shadow = Optional.of(version);
      }
      traffic = traffic.withShadow(shadow);
    }
    publishTraffic(models, entry, traffic);
    LOG.info(
        "traffic of {}: champion {}, challenger {}, shadow {}",
        model,
        traffic.champion(),
        traffic.challenger().map(c -> c.version() + " at " + c.weight()).orElse("none"),
        traffic.shadow().orElse("none"));
    return traffic;
  }

  /**
   * Makes {@code version}, or the previous champion when none is given, the champion again; a
   * challenger or shadow on the rolled-back version is cleared and the reason recorded.
   *
   * @throws GatewayException 404 for an unknown model, 409 when there is no loaded version to roll
   *     back to
   */
  synchronized TrafficPolicy rollback(String model, Optional<String> version, String reason) {
    requireOpen();
    Map<String, ModelEntry> models = snapshot.get();
    ModelEntry entry = entry(models, model);
    TrafficPolicy traffic = serving(entry);
    String target =
        version
            .or(traffic::previousChampion)
            .orElseThrow(
                () ->
                    GatewayException.conflict(
                        "model '"
                            + model
                            + "' has no previous champion to roll back to; champion is "
                            + traffic.champion()));
    if (entry.model(target).isEmpty()) {
      throw GatewayException.conflict(
          "cannot roll model '" + model + "' back to version " + target + ": it is not loaded");
    }
    if (target.equals(traffic.champion())) {
      throw GatewayException.conflict(
          "cannot roll model '" + model + "' back to version " + target + ": it is the champion");
    }
    String from = traffic.champion();
    TrafficPolicy rolledBack = traffic.rollBackTo(target, clock.instant(), reason);
    publishTraffic(models, entry, rolledBack);
    LOG.warn("rolled model {} back from version {} to {}: {}", model, from, target, reason);
    return rolledBack;
  }

  private static String requireLoaded(ModelEntry entry, String version, String field) {
    if (entry.model(version).isEmpty()) {
      throw GatewayException.badRequest(
          field
              + ": model '"
              + entry.name()
              + "' has no loaded version '"
              + version
              + "'; loaded: "
              + entry.loaded());
    }
    return version;
  }

  private static void requireNotChampion(TrafficPolicy traffic, String version, String field) {
    if (version.equals(traffic.champion())) {
      throw GatewayException.badRequest(field + ": version " + version + " is the champion");
    }
  }

  private void publishTraffic(
      Map<String, ModelEntry> models, ModelEntry entry, TrafficPolicy traffic) {
    publish(
        models,
        new ModelEntry(entry.name(), entry.policy(), entry.versions(), traffic, entry.unloaded()),
        List.of(),
        List.of());
  }

  private void publish(
      Map<String, ModelEntry> models,
      ModelEntry entry,
      List<ModelEvent> published,
      List<LoadedModel> retired) {
    publish(models, entry.name(), entry, published, retired);
  }

  /** Swaps in the new snapshot, then announces the change, then closes what it retired. */
  private void publish(
      Map<String, ModelEntry> models,
      String model,
      ModelEntry entry,
      List<ModelEvent> published,
      List<LoadedModel> retired) {
    Map<String, ModelEntry> next = new TreeMap<>(models);
    if (entry == null) {
      next.remove(model);
    } else {
      next.put(model, entry);
    }
    snapshot.set(Collections.unmodifiableMap(next));
    published.forEach(events);
    retired.forEach(m -> m.close(RETIRE_TIMEOUT));
  }

  private void requireOpen() {
    if (closed) {
      throw GatewayException.unavailable("the gateway is shutting down");
    }
  }

  /** Closes every session, waiting up to {@code timeoutPerVersion} for running inferences. */
  synchronized void close(Duration timeoutPerVersion) {
    closed = true;
    for (VersionState state : index()) {
      state.loaded().ifPresent(model -> model.close(timeoutPerVersion));
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
