package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.onnxruntime.OrtEnvironment;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.ModelEventType;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.DemoModel;
import io.driftwatch.training.WeatherDataset;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live repository on real ONNX Runtime sessions of the demo model: versions 1, 2 and 3 are
 * trained once (seeds 42, 7, 11) and copied into each test's own repository as the story needs.
 */
class ModelRepositoryLifecycleTest {

  private static final String MODEL = DemoModel.NAME;
  private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOON, ZoneOffset.UTC);
  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

  @TempDir static Path trained;
  @TempDir Path root;
  private final List<ModelEvent> events = new CopyOnWriteArrayList<>();
  private ModelRepository repository;

  @BeforeAll
  static void trainThreeVersions() throws IOException {
    DemoModel.writeRepository(trained);
    DemoModel.writeVersion(trained, "2", WeatherDataset.bundled().seattle(), 7);
    DemoModel.writeVersion(trained, "3", WeatherDataset.bundled().seattle(), 11);
  }

  @AfterEach
  void closeRepository() {
    if (repository != null) {
      repository.close();
    }
  }

  private void addVersion(String version) throws IOException {
    Path target = Files.createDirectories(root.resolve(MODEL).resolve(version));
    try (Stream<Path> files = Files.list(trained.resolve(MODEL).resolve(version))) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private void addCorruptVersion(String version) throws IOException {
    Path target = Files.createDirectories(root.resolve(MODEL).resolve(version));
    Files.copy(
        trained.resolve(MODEL).resolve("1").resolve(ModelDescriptor.FILE_NAME),
        target.resolve(ModelDescriptor.FILE_NAME));
    Files.writeString(target.resolve("model.onnx"), "not an onnx model");
  }

  private ModelRepository open() throws IOException {
    repository =
        ModelRepository.open(
            root,
            ModelRepository.onnxLoader(ENVIRONMENT, new SessionFactory(ENVIRONMENT, Device.CPU)),
            VersionPolicy.DEFAULT,
            events::add,
            CLOCK);
    return repository;
  }

  private static FeatureMatrix rainyDay(LoadedModel model) {
    InputTensor input =
        new InputTensor(
            model.descriptor().inputName(),
            new long[] {1, 4},
            TensorDatatype.FP32,
            new double[] {10.9, 10.6, 2.8, 4.5});
    return FeatureMatrix.from(
        new InferRequest(Optional.empty(), List.of(input), List.of()),
        model.descriptor(),
        model.inputDatatype());
  }

  private List<String> states() {
    return repository.index().stream().map(v -> v.version() + " " + v.state()).toList();
  }

  private String championServing() {
    try (Route route = repository.route(MODEL, Optional.empty(), "any key")) {
      return route.model().version();
    }
  }

  @Test
  void aNewVersionBecomesChampionWhileThePreviousStaysLoadedAndAThirdUnloadsTheFirst()
      throws IOException {
    addVersion("1");
    open();
    LoadedModel first = repository.resolve(MODEL, Optional.of("1"));
    assertThat(repository.traffic(MODEL).champion()).isEqualTo("1");

    addVersion("2");
    repository.load(MODEL);

    assertThat(states()).containsExactly("1 READY", "2 READY");
    assertThat(championServing()).isEqualTo("2");
    assertThat(repository.traffic(MODEL).previousChampion()).contains("1");
    assertThat(repository.traffic(MODEL).history())
        .extracting(TrafficPolicy.Change::champion, TrafficPolicy.Change::reason)
        .containsExactly(
            tuple("1", "version 1 is the highest loaded version"),
            tuple("2", "version 2 loaded by request"));

    addVersion("3");
    List<VersionState> afterThird = repository.load(MODEL);

    assertThat(afterThird)
        .extracting(VersionState::version, VersionState::state)
        .containsExactly(tuple("1", "UNAVAILABLE"), tuple("2", "READY"), tuple("3", "READY"));
    assertThat(afterThird.get(0).reason()).isEqualTo("not selected by version policy latest(2)");
    assertThat(championServing()).isEqualTo("3");
    assertThat(repository.traffic(MODEL).previousChampion()).contains("2");
    assertThatThrownBy(() -> first.predict(rainyDay(first)))
        .hasMessageContaining("is being unloaded");
    assertThat(events)
        .extracting(ModelEvent::getVersion, ModelEvent::getType)
        .containsExactly(
            tuple("1", ModelEventType.LOADED),
            tuple("2", ModelEventType.LOADED),
            tuple("3", ModelEventType.LOADED),
            tuple("1", ModelEventType.UNLOADED));
    assertThat(events.get(2).getReferenceProfile()).isNotNull();
    assertThat(events.get(2).getEventTime()).isEqualTo(NOON);
  }

  @Test
  void aCorruptNewVersionKeepsTheChampionServingSaysWhyAndLoadsOnceItsFilesAreFixed()
      throws IOException {
    addVersion("1");
    addVersion("2");
    open();
    addCorruptVersion("3");

    assertThatThrownBy(() -> repository.load(MODEL))
        .isInstanceOf(GatewayException.class)
        .hasMessageStartingWith(
            "failed to load model '" + MODEL + "' version 3: ONNX Runtime cannot load")
        .extracting(e -> ((GatewayException) e).status())
        .isEqualTo(400);

    assertThat(states()).containsExactly("1 READY", "2 READY", "3 UNAVAILABLE");
    assertThat(repository.index().get(2).reason()).contains("model.onnx");
    assertThat(championServing()).isEqualTo("2");
    assertThat(events).last().extracting(ModelEvent::getType).isEqualTo(ModelEventType.LOAD_FAILED);

    repository.poll();
    assertThat(events).hasSize(3); // unchanged files are not retried by polling

    addVersion("3");
    repository.poll();

    assertThat(states()).containsExactly("1 UNAVAILABLE", "2 READY", "3 READY");
    assertThat(championServing()).isEqualTo("3");
  }

  @Test
  void unloadingAModelClosesEveryVersionAndLoadingBringsItBack() throws IOException {
    addVersion("1");
    addVersion("2");
    open();
    LoadedModel second = repository.resolve(MODEL, Optional.empty());

    repository.unload(MODEL);

    assertThat(states()).containsExactly("1 UNAVAILABLE", "2 UNAVAILABLE");
    assertThat(repository.index()).extracting(VersionState::reason).containsOnly("unloaded");
    assertThatThrownBy(() -> repository.route(MODEL, Optional.empty(), "k"))
        .extracting(e -> ((GatewayException) e).status())
        .isEqualTo(503);
    assertThatThrownBy(() -> second.predict(rainyDay(second)))
        .hasMessageContaining("is being unloaded");
    repository.poll();
    assertThat(states()).containsExactly("1 UNAVAILABLE", "2 UNAVAILABLE");
    assertThat(events)
        .extracting(ModelEvent::getType)
        .containsExactly(
            ModelEventType.LOADED,
            ModelEventType.LOADED,
            ModelEventType.UNLOADED,
            ModelEventType.UNLOADED);

    repository.load(MODEL);

    assertThat(states()).containsExactly("1 READY", "2 READY");
    assertThat(championServing()).isEqualTo("2");
  }

  @Test
  void aSpecificPolicyInConfigJsonLoadsExactlyTheNamedVersions() throws IOException {
    addVersion("1");
    addVersion("2");
    addVersion("3");
    Files.writeString(
        root.resolve(MODEL).resolve(ModelConfigFile.NAME),
        "{\"version_policy\": {\"specific\": {\"versions\": [1, 3]}}}");

    open();

    assertThat(states()).containsExactly("1 READY", "2 UNAVAILABLE", "3 READY");
    assertThat(repository.index().get(1).reason())
        .isEqualTo("not selected by version policy specific(1,3)");
    assertThat(championServing()).isEqualTo("3");
  }

  @Test
  void anAllPolicyLoadsEveryVersionAndLatestOneOnlyTheNewest() throws IOException {
    addVersion("1");
    addVersion("2");
    addVersion("3");
    Path config = root.resolve(MODEL).resolve(ModelConfigFile.NAME);
    Files.writeString(config, "{\"version_policy\": {\"all\": {}}}");

    open();
    assertThat(states()).containsExactly("1 READY", "2 READY", "3 READY");
    assertThat(championServing()).isEqualTo("3");

    Files.writeString(config, "{\"version_policy\": {\"latest\": {\"num_versions\": 1}}}");
    repository.poll();

    assertThat(states()).containsExactly("1 UNAVAILABLE", "2 UNAVAILABLE", "3 READY");
    assertThat(repository.index().get(0).reason())
        .isEqualTo("not selected by version policy latest(1)");
    assertThat(championServing()).isEqualTo("3");
  }

  @Test
  void aVersionRefusedForItsModelsConfigurationLoadsOncePollingSeesTheConfigurationFixed()
      throws IOException {
    addVersion("1");
    Path config = root.resolve(MODEL).resolve(ModelConfigFile.NAME);
    Files.writeString(
        config, "{\"dynamic_batching\": {\"max_queue_delay_microseconds\": 99999999999}}");
    repository =
        ModelRepository.open(
            root,
            ModelRepository.onnxLoader(
                ENVIRONMENT,
                new SessionFactory(ENVIRONMENT, Device.CPU),
                Batching.of(
                    new BatchingConfig(8, 0, 16), new GatewayMetrics(new SimpleMeterRegistry()))),
            VersionPolicy.DEFAULT,
            events::add,
            CLOCK);
    assertThat(states()).containsExactly("1 UNAVAILABLE");
    assertThat(repository.index().get(0).reason())
        .contains("dynamic_batching.max_queue_delay_microseconds must be an integer");

    repository.poll();
    assertThat(states()).as("nothing changed, nothing retried").containsExactly("1 UNAVAILABLE");
    Files.writeString(config, "{\"dynamic_batching\": {\"max_queue_delay_microseconds\": 100}}");
    repository.poll();

    assertThat(states()).containsExactly("1 READY");
    assertThat(repository.resolve(MODEL, Optional.empty()).batching())
        .hasValue(new BatchingConfig(8, 100, 16));
  }

  @Test
  void pollingPicksUpANewVersionAndARemovedOne() throws IOException {
    addVersion("1");
    open();

    addVersion("2");
    repository.poll();
    assertThat(states()).containsExactly("1 READY", "2 READY");
    assertThat(championServing()).isEqualTo("2");

    try (Stream<Path> files = Files.list(root.resolve(MODEL).resolve("2"))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(root.resolve(MODEL).resolve("2"));
    repository.poll();

    assertThat(states()).containsExactly("1 READY");
    assertThat(championServing()).isEqualTo("1");
    assertThat(repository.traffic(MODEL).history())
        .last()
        .extracting(TrafficPolicy.Change::reason)
        .isEqualTo("version 2 unloaded");
  }

  @Test
  void aRequestThatRoutedToAVersionBeingUnloadedFinishesOnItBeforeItsSessionCloses()
      throws Exception {
    addVersion("1");
    addVersion("2");
    open();
    Route inFlight = repository.route(MODEL, Optional.empty(), "key");
    LoadedModel version2 = inFlight.model();

    CompletableFuture<List<VersionState>> unloading =
        CompletableFuture.supplyAsync(() -> repository.unload(MODEL));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (repository.readyVersions(MODEL).contains("2") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    assertThat(repository.readyVersions(MODEL)).isEmpty();
    assertThat(version2.predict(rainyDay(version2)).rows()).isEqualTo(1);
    assertThat(unloading).isNotDone();

    inFlight.close();

    assertThat(unloading.get(5, TimeUnit.SECONDS))
        .extracting(VersionState::state)
        .containsOnly("UNAVAILABLE");
    assertThatThrownBy(() -> version2.predict(rainyDay(version2)))
        .hasMessageContaining("is being unloaded");
  }

  @Test
  void loadingAModelDirectoryThatAppearedAfterStartServesIt() throws IOException {
    Files.createDirectories(root);
    open();
    assertThat(repository.index()).isEmpty();
    assertThatThrownBy(() -> repository.load(MODEL))
        .extracting(e -> ((GatewayException) e).status())
        .isEqualTo(404);

    addVersion("1");
    repository.load(MODEL);

    assertThat(states()).containsExactly("1 READY");
    assertThat(championServing()).isEqualTo("1");
  }
}
