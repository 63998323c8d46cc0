package io.driftwatch.retraining;

import io.driftwatch.schemas.repository.ModelVersions;
import io.driftwatch.training.ModelRepositoryWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Adds versions to a Triton-layout model repository so that a gateway polling it never sees half a
 * version: the version is written completely into a staging directory {@code
 * <repository>/.retraining-staging-*} (inside the repository, so the final step is a rename on one
 * file system; the gateway ignores it, as it has no numeric version directory), then moved to
 * {@code <repository>/<model>/<version>} with one atomic rename. The staging directory is deleted
 * afterwards, also on failure. Not safe for two publishers of one model at once (the receiver has
 * one worker).
 */
public final class VersionPublisher {

  /** Writes a complete version into a (staging) repository and returns its version directory. */
  @FunctionalInterface
  public interface VersionWriter {
    Path writeInto(Path stagingRepository) throws IOException;
  }

  private final Path repository;

  public VersionPublisher(Path repository) {
    this.repository = repository;
  }

  /**
   * The highest version directory of {@code model}, or 0 when it has none. Only names Triton
   * accepts as versions count ({@link ModelVersions#isVersion}), so {@code 0} or {@code 007} are
   * ignored like {@code latest}.
   */
  public long highestVersion(String model) throws IOException {
    Path dir = repository.resolve(model);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(ModelVersions::isVersion)
          .mapToLong(ModelRepositoryWriter::parseVersion)
          .max()
          .orElse(0);
    }
  }

  /**
   * Runs {@code writer} in a staging repository and moves the version it wrote to {@code
   * <repository>/<model>/<version>}.
   *
   * @return the published version directory
   * @throws java.nio.file.FileAlreadyExistsException when that version appeared meanwhile
   */
  public Path publish(String model, String version, VersionWriter writer) throws IOException {
    Files.createDirectories(repository);
    Path staging = Files.createTempDirectory(repository, ".retraining-staging-");
    try {
      Path written = writer.writeInto(staging);
      Path target = repository.resolve(model).resolve(version);
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        throw new java.nio.file.FileAlreadyExistsException(target.toString());
      }
      Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } finally {
      deleteRecursively(staging);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
