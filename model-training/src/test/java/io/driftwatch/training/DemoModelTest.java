package io.driftwatch.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.ColumnReference;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoModelTest {

  private static final List<WeatherObservation> NEW_YORK = WeatherDataset.bundled().newYork();

  @TempDir Path repository;

  @Test
  void writesModelAndDescriptorAsVersionOneInTritonLayout() throws IOException {
    Path version = DemoModel.writeRepository(repository);

    assertThat(version).isEqualTo(repository.resolve("seattle-weather").resolve("1"));
    try (Stream<Path> files = Files.list(version)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("model.onnx", "profile.avro", "descriptor.json");
    }
    ModelDescriptor descriptor = ModelDescriptor.read(version.resolve("descriptor.json"));
    assertThat(descriptor.task()).isEqualTo(ModelDescriptor.Task.CLASSIFICATION);
    assertThat(descriptor.featureNames())
        .containsExactly("precipitation", "temp_max", "temp_min", "wind");
    assertThat(descriptor.classLabels())
        .containsExactlyInAnyOrder("drizzle", "fog", "rain", "snow", "sun");
  }

  @Test
  void lineageNamesDataCodeSeedTrainerAndAccuracyButNoTime() throws IOException {
    WeatherDataset dataset = WeatherDataset.bundled();

    ModelDescriptor descriptor = descriptorIn(DemoModel.writeRepository(repository));

    assertThat(descriptor.lineage())
        .containsEntry("training_data_sha256", WeatherDataset.sha256Of(dataset.seattle()))
        .containsEntry("source_sha256", dataset.sha256())
        .containsEntry("rows", "1461")
        .containsEntry("seed", "42")
        .containsKeys("trainer", "hyperparameters", "test_accuracy", "code_version")
        .doesNotContainKeys("trained_at");
    assertThat(descriptor.lineage().get("code_version")).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(descriptor.lineage().get("trainer")).contains("LinearSGDTrainer", "seed=42");
    assertThat(Double.parseDouble(descriptor.lineage().get("test_accuracy"))).isBetween(0.75, 1.0);
  }

  @Test
  void writingAgainGivesByteIdenticalFiles() throws IOException {
    Path first = DemoModel.writeRepository(repository.resolve("a"));
    Path second = DemoModel.writeRepository(repository.resolve("b"));

    assertSameFiles(first, second);
  }

  @Test
  void anotherJvmWritesByteIdenticalFiles() throws IOException, InterruptedException {
    Path here = DemoModel.writeRepository(repository.resolve("here"));
    Path log = repository.resolve("child.log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DemoModel.class.getName(),
                repository.resolve("there").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished in 60 s").isTrue();
      assertThat(child.exitValue()).as(Files.readString(log)).isZero();
    } finally {
      child.destroyForcibly();
    }

    assertSameFiles(here, repository.resolve("there").resolve("seattle-weather").resolve("1"));
  }

  @Test
  void overwritesAnExistingVersionAndLeavesNoTemporaryFiles() throws IOException {
    Path version = DemoModel.writeRepository(repository);
    byte[] model = Files.readAllBytes(version.resolve("model.onnx"));
    Files.writeString(version.resolve("model.onnx"), "corrupt");

    DemoModel.writeRepository(repository);

    assertThat(version.resolve("model.onnx")).hasBinaryContent(model);
    try (Stream<Path> files = Files.list(version)) {
      assertThat(files).hasSize(3);
    }
  }

  @Test
  void writeVersionTrainsOnTheGivenRowsAsThatVersion() throws IOException {
    Path seattle = DemoModel.writeRepository(repository);

    Path retrained = DemoModel.writeVersion(repository, "2", NEW_YORK, 7);

    assertThat(retrained).isEqualTo(repository.resolve("seattle-weather").resolve("2"));
    ModelDescriptor descriptor = descriptorIn(retrained);
    assertThat(descriptor.lineage())
        .containsEntry("training_data_sha256", WeatherDataset.sha256Of(NEW_YORK))
        .containsEntry("rows", "1461")
        .containsEntry("seed", "7")
        .doesNotContainKey("source_sha256");
    assertThat(Files.readAllBytes(retrained.resolve("model.onnx")))
        .isNotEqualTo(Files.readAllBytes(seattle.resolve("model.onnx")));
  }

  @Test
  void writeVersionRecordsExtraLineageButKeepsTheComputedEntries() throws IOException {
    Path retrained =
        DemoModel.writeVersion(
            repository,
            "3",
            NEW_YORK,
            7,
            Map.of("trigger_rule", "dataset_drift", "rows", "not the real count"));

    assertThat(descriptorIn(retrained).lineage())
        .containsEntry("trigger_rule", "dataset_drift")
        .containsEntry("rows", "1461");
  }

  @Test
  void refusesAVersionTritonCannotLoad() {
    assertThatThrownBy(() -> DemoModel.writeVersion(repository, "v2", NEW_YORK, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("version:");
  }

  private static ModelDescriptor descriptorIn(Path version) throws IOException {
    return ModelDescriptor.read(version.resolve(ModelDescriptor.FILE_NAME));
  }

  @Test
  void profilesEveryFeatureAndBothOutputsOfAllRows() throws IOException {
    Path version = DemoModel.writeRepository(repository);

    ReferenceProfile profile =
        ReferenceProfileCodec.decode(Files.readAllBytes(version.resolve("profile.avro")));

    assertThat(profile.model()).isEqualTo("seattle-weather");
    assertThat(profile.version()).isEqualTo("1");
    assertThat(profile.features())
        .extracting(ColumnReference::name)
        .containsExactly("precipitation", "temp_max", "temp_min", "wind");
    assertThat(profile.features()).allSatisfy(c -> assertThat(c.count()).isEqualTo(1_461));
    assertThat(profile.outputs())
        .extracting(ColumnReference::name)
        .containsExactly("class", "score");
    NumericReference tempMax = (NumericReference) profile.feature("temp_max").orElseThrow();
    assertThat(tempMax.min()).as("profiled as float32").isEqualTo((double) -1.6f);
    assertThat(tempMax.max()).isEqualTo((double) 35.6f);
    assertThat(tempMax.binEdges()).hasSize(NumericReference.DEFAULT_BINS - 1);
    CategoricalReference classes = (CategoricalReference) profile.output("class").orElseThrow();
    assertThat(classes.sketch().frequencies().keySet()).isSubsetOf(descriptorLabels(version));
  }

  private static java.util.Set<String> descriptorLabels(Path version) throws IOException {
    return java.util.Set.copyOf(
        ModelDescriptor.read(version.resolve("descriptor.json")).classLabels());
  }

  private static void assertSameFiles(Path expected, Path actual) throws IOException {
    for (String file : List.of("model.onnx", "descriptor.json")) {
      assertThat(actual.resolve(file))
          .as(file)
          .hasBinaryContent(Files.readAllBytes(expected.resolve(file)));
    }
  }
}
