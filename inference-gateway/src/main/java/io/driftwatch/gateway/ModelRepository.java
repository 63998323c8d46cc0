package io.driftwatch.gateway;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of a Triton-layout repository {@code <root>/<model>/<version>/model.onnx}: owns every
 * loaded session and closes them. Version directories have numeric names; the highest loaded one
 * serves requests that name no version. A version that fails to load stays listed as UNAVAILABLE
 * with its reason and does not affect the others. Thread-safe (immutable after loading).
 */
final class ModelRepository implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);

  private final Path root;
  private final Map<String, NavigableMap<Long, VersionState>> models;

  private ModelRepository(Path root, Map<String, NavigableMap<Long, VersionState>> models) {
    this.root = root;
    this.models = models;
  }

  /**
   * Loads every version of every model under {@code root}.
   *
   * @throws IOException when {@code root} is not a readable directory
   */
  static ModelRepository load(Path root, OrtEnvironment environment, SessionFactory sessions)
      throws IOException {
    return load(root, environment, sessions, Batching.off());
  }

  /** As {@link #load(Path, OrtEnvironment, SessionFactory)}, every version batching as told. */
  static ModelRepository load(
      Path root, OrtEnvironment environment, SessionFactory sessions, Batching batching)
      throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("gateway.model-repository: " + root + " is not a directory");
    }
    Map<String, NavigableMap<Long, VersionState>> models = new TreeMap<>();
    for (Path modelDir : children(root)) {
      String model = modelDir.getFileName().toString();
      NavigableMap<Long, VersionState> versions = new TreeMap<>();
      for (Path versionDir : children(modelDir)) {
        String version = versionDir.getFileName().toString();
        Optional<Long> number = versionNumber(version);
        if (number.isEmpty()) {
          LOG.warn("ignoring {}: version directories must be named by a number", versionDir);
          continue;
        }
        versions.put(
            number.get(), loadVersion(model, version, versionDir, environment, sessions, batching));
      }
      if (versions.isEmpty()) {
        LOG.warn("ignoring {}: it has no numeric version directory", modelDir);
        continue;
      }
      models.put(model, Collections.unmodifiableNavigableMap(versions));
    }
    return new ModelRepository(root, Collections.unmodifiableMap(models));
  }

  private static VersionState loadVersion(
      String model,
      String version,
      Path dir,
      OrtEnvironment environment,
      SessionFactory sessions,
      Batching batching) {
    try {
      return VersionState.ready(
          LoadedModel.load(model, version, dir, environment, sessions, batching));
    } catch (ModelLoadException e) {
      LOG.warn("model {} version {} is unavailable: {}", model, version, e.getMessage());
      return VersionState.unavailable(model, version, e.getMessage());
    }
  }

  private static List<Path> children(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static Optional<Long> versionNumber(String name) {
    if (!name.matches("[0-9]{1,18}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(name));
  }

  Path root() {
    return root;
  }

  /**
   * The version that serves a request: the named one, or the highest loaded one.
   *
   * @throws GatewayException 404 for an unknown model or version, 503 when it is not loaded
   */
  LoadedModel resolve(String model, Optional<String> version) {
    NavigableMap<Long, VersionState> versions = versions(model);
    if (version.isEmpty()) {
      return serving(versions)
          .orElseThrow(
              () ->
                  GatewayException.unavailable(
                      "model '" + model + "' has no loaded version: " + reasons(versions)));
    }
    VersionState state = state(model, versions, version.get());
    return state
        .loaded()
        .orElseThrow(
            () ->
                GatewayException.unavailable(
                    "model '"
                        + model
                        + "' version "
                        + version.get()
                        + " is unavailable: "
                        + state.reason()));
  }

  /**
   * The state of one version, or of the serving version when none is named.
   *
   * @throws GatewayException 404 for an unknown model or version
   */
  VersionState state(String model, Optional<String> version) {
    NavigableMap<Long, VersionState> versions = versions(model);
    if (version.isPresent()) {
      return state(model, versions, version.get());
    }
    return serving(versions).map(VersionState::ready).orElse(versions.lastEntry().getValue());
  }

  /** The loaded versions of a model, in ascending order; 404 for an unknown model. */
  List<String> readyVersions(String model) {
    return versions(model).values().stream()
        .filter(VersionState::isReady)
        .map(VersionState::version)
        .toList();
  }

  /** Every version of every model, by model name then version number. */
  List<VersionState> index() {
    List<VersionState> all = new ArrayList<>();
    models.values().forEach(versions -> all.addAll(versions.values()));
    return all;
  }

  /** Whether there is at least one model and every model has a loaded version. */
  boolean allModelsServing() {
    return !models.isEmpty() && models.values().stream().allMatch(v -> serving(v).isPresent());
  }

  private NavigableMap<Long, VersionState> versions(String model) {
    NavigableMap<Long, VersionState> versions = models.get(model);
    if (versions == null) {
      throw GatewayException.notFound(
          "unknown model '" + model + "'; the repository has " + models.keySet());
    }
    return versions;
  }

  private static VersionState state(
      String model, NavigableMap<Long, VersionState> versions, String version) {
    VersionState state = versionNumber(version).map(versions::get).orElse(null);
    if (state == null) {
      throw GatewayException.notFound(
          "model '"
              + model
              + "' has no version '"
              + version
              + "'; versions: "
              + versions.values().stream().map(VersionState::version).toList());
    }
    return state;
  }

  private static Optional<LoadedModel> serving(NavigableMap<Long, VersionState> versions) {
    return versions.descendingMap().values().stream().flatMap(v -> v.loaded().stream()).findFirst();
  }

  private static String reasons(NavigableMap<Long, VersionState> versions) {
    return versions.values().stream()
        .map(v -> "version " + v.version() + ": " + v.reason())
        .toList()
        .toString();
  }

  /** Closes every session, waiting up to {@code timeoutPerVersion} for running inferences. */
  void close(Duration timeoutPerVersion) {
    for (VersionState state : index()) {
      state.loaded().ifPresent(model -> model.close(timeoutPerVersion));
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
