package io.driftwatch.stats.profile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A model version's reference profile: the distribution of its training (or validation) data that
 * live windows are compared with.
 *
 * <p>Immutable. {@code createdAt} is truncated to milliseconds (the wire precision), {@code source}
 * is kept sorted by key so encoding is deterministic, and the column lists are copied.
 *
 * @param model model name, not blank
 * @param version model version, not blank
 * @param createdAt when the profile was built
 * @param source where the rows came from (file name, sha256, row count, ...)
 * @param features input features in the model descriptor's order, names unique
 * @param outputs model outputs, names unique: {@code class} (categorical) and {@code score}
 *     (numeric) for classifiers, {@code score} for regressors
 */
public record ReferenceProfile(
    String model,
    String version,
    Instant createdAt,
    Map<String, String> source,
    List<ColumnReference> features,
    List<ColumnReference> outputs) {

  public ReferenceProfile {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(source, "source");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (version.isBlank()) {
      throw new IllegalArgumentException("version must not be blank");
    }
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    source = Collections.unmodifiableMap(new TreeMap<>(source));
    features = List.copyOf(Objects.requireNonNull(features, "features"));
    outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
    requireUniqueNames("features", features);
    requireUniqueNames("outputs", outputs);
  }

  private static void requireUniqueNames(String what, List<ColumnReference> columns) {
    Set<String> names = new HashSet<>();
    for (ColumnReference column : columns) {
      if (!names.add(column.name())) {
        throw new IllegalArgumentException(what + " name column '" + column.name() + "' twice");
      }
    }
  }

  /** The input feature called {@code name}. */
  public Optional<ColumnReference> feature(String name) {
    return find(features, name);
  }

  /** The output called {@code name} ({@code class} or {@code score}). */
  public Optional<ColumnReference> output(String name) {
    return find(outputs, name);
  }

  private static Optional<ColumnReference> find(List<ColumnReference> columns, String name) {
    Objects.requireNonNull(name, "name");
    return columns.stream().filter(column -> column.name().equals(name)).findFirst();
  }
}
