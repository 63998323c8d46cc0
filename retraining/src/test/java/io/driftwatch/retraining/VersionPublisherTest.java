package io.driftwatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionPublisherTest {

  @TempDir Path repository;

  private VersionPublisher publisher() {
    return new VersionPublisher(repository);
  }

  /** A writer that lays out {@code <staging>/m/<version>/model.onnx} as the trainer does. */
  private static VersionPublisher.VersionWriter writes(String version, String content) {
    return staging -> {
      Path dir = Files.createDirectories(staging.resolve("m").resolve(version));
      Files.writeString(dir.resolve("model.onnx"), content);
      return dir;
    };
  }

  @Test
  void theHighestVersionCountsOnlyNumericDirectories() throws IOException {
    Files.createDirectories(repository.resolve("m/1"));
    Files.createDirectories(repository.resolve("m/10"));
    Files.createDirectories(repository.resolve("m/9"));
    Files.createDirectories(repository.resolve("m/latest"));

    assertThat(publisher().highestVersion("m")).isEqualTo(10);
    assertThat(publisher().highestVersion("unknown")).isZero();
  }

  @Test
  void theHighestVersionIgnoresDirectoriesTritonRefusesAsVersions() throws IOException {
    Files.createDirectories(repository.resolve("m/3"));
    Files.createDirectories(repository.resolve("m/007"));
    Files.createDirectories(repository.resolve("m/0"));
    Files.createDirectories(repository.resolve("zeros/0"));
    Files.createDirectories(repository.resolve("zeros/00"));

    assertThat(publisher().highestVersion("m")).isEqualTo(3);
    assertThat(publisher().highestVersion("zeros")).isZero();
  }

  @Test
  void publishesTheWholeVersionAndLeavesNoStagingDirectory() throws IOException {
    Path published = publisher().publish("m", "2", writes("2", "onnx bytes"));

    assertThat(published).isEqualTo(repository.resolve("m/2"));
    assertThat(published.resolve("model.onnx")).hasContent("onnx bytes");
    try (Stream<Path> top = Files.list(repository)) {
      assertThat(top).containsExactly(repository.resolve("m"));
    }
  }

  @Test
  void neverOverwritesAVersionThatAppearedMeanwhile() throws IOException {
    publisher().publish("m", "2", writes("2", "first"));

    assertThatThrownBy(() -> publisher().publish("m", "2", writes("2", "second")))
        .isInstanceOf(FileAlreadyExistsException.class);

    assertThat(repository.resolve("m/2/model.onnx")).hasContent("first");
    try (Stream<Path> top = Files.list(repository)) {
      assertThat(top).containsExactly(repository.resolve("m"));
    }
  }
}
