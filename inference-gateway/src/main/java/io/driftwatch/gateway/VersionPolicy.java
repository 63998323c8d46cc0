package io.driftwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which versions of a model are loaded, as Triton's {@code version_policy}: the {@code n} highest
 * versions, all of them, or a given set. Versions are considered from the highest down; a version
 * that fails to load does not count towards {@code latest(n)}, so a broken new version never pushes
 * a good one out (Triton would unload it; keeping it is what makes "a failed load keeps the serving
 * version" hold under {@code latest}). Immutable.
 */
public sealed interface VersionPolicy {

  /**
   * The gateway's default, {@code latest(2)}: the newest version serves and the one before it stays
   * loaded, so a rollback is a routing change rather than a model load.
   */
  VersionPolicy DEFAULT = new Latest(2);

  /**
   * Whether the version is loaded, given how many higher versions are already loaded.
   *
   * @param loadedAbove loaded versions higher than {@code version}
   */
  boolean admits(long version, int loadedAbove);

  /** The {@code n} highest versions that load, {@code n >= 1}. */
  record Latest(int n) implements VersionPolicy {
    public Latest {
      if (n < 1) {
        throw new IllegalArgumentException("latest num_versions must be at least 1, was " + n);
      }
    }

    @Override
    public boolean admits(long version, int loadedAbove) {
      return loadedAbove < n;
    }

    @Override
    public String toString() {
      return "latest(" + n + ")";
    }
  }

  /** Every version. */
  record All() implements VersionPolicy {
    @Override
    public boolean admits(long version, int loadedAbove) {
      return true;
    }

    @Override
    public String toString() {
      return "all";
    }
  }

  /** Exactly the listed versions (those that exist and load). */
  record Specific(SortedSet<Long> versions) implements VersionPolicy {
    public Specific {
      if (versions.isEmpty()) {
        throw new IllegalArgumentException("specific versions must not be empty");
      }
      versions = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(versions));
    }

    @Override
    public boolean admits(long version, int loadedAbove) {
      return versions.contains(version);
    }

    @Override
    public String toString() {
      return versions.stream()
          .map(String::valueOf)
          .collect(Collectors.joining(",", "specific(", ")"));
    }
  }

  /**
   * Parses the command-line form {@code latest:N}, {@code all} or {@code specific:V1,V2,...}.
   *
   * @throws IllegalArgumentException naming {@code key}
   */
  public static VersionPolicy parse(String text, String key) {
    String value = text.strip();
    try {
      if (value.equals("all")) {
        return new All();
      }
      if (value.startsWith("latest:")) {
        return new Latest(Integer.parseInt(value.substring("latest:".length()).strip()));
      }
      if (value.startsWith("specific:")) {
        SortedSet<Long> versions = new TreeSet<>();
        for (String v : value.substring("specific:".length()).split(",")) {
          versions.add(Long.parseLong(v.strip()));
        }
        return new Specific(versions);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key + " must be latest:N, all or specific:V1,V2,...: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        key + " must be latest:N, all or specific:V1,V2,..., was '" + text + "'");
  }

  /** As {@link #of}, reading the model's configuration ({@link ModelConfigFile}) first. */
  static VersionPolicy read(Path modelDirectory, ObjectMapper json, VersionPolicy fallback)
      throws ModelLoadException {
    return of(ModelConfigFile.read(modelDirectory, json), modelDirectory, fallback);
  }

  /**
   * The policy in the configuration {@code config} of the model in {@code modelDirectory}, or
   * {@code fallback} when it has none or no {@code version_policy}. The shape is Triton's: {@code
   * {"version_policy": {"latest": {"num_versions": 2}}}}, {@code {"all": {}}} or {@code
   * {"specific": {"versions": [1, 3]}}}.
   *
   * @throws ModelLoadException naming the file and what is wrong in it
   */
  static VersionPolicy of(Optional<JsonNode> config, Path modelDirectory, VersionPolicy fallback)
      throws ModelLoadException {
    JsonNode policy = config.map(r -> r.get("version_policy")).orElse(null);
    if (policy == null || policy.isNull()) {
      return fallback;
    }
    try {
      return fromJson(policy);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(
          ModelConfigFile.of(modelDirectory) + ": version_policy " + e.getMessage(), e);
    }
  }

  private static VersionPolicy fromJson(JsonNode policy) {
    if (!policy.isObject() || policy.size() != 1) {
      throw new IllegalArgumentException("must have exactly one of latest, all, specific");
    }
    if (policy.has("all")) {
      return new All();
    }
    if (policy.has("latest")) {
      JsonNode n = policy.get("latest").get("num_versions");
      long count =
          (n == null ? Optional.<Long>empty() : ModelConfigFile.integer(n))
              .filter(c -> c >= Integer.MIN_VALUE && c <= Integer.MAX_VALUE)
              .orElseThrow(
                  () -> new IllegalArgumentException("latest needs an integer num_versions"));
      return new Latest((int) count);
    }
    if (policy.has("specific")) {
      JsonNode versions = policy.get("specific").get("versions");
      if (versions == null || !versions.isArray()) {
        throw new IllegalArgumentException("specific needs a versions array");
      }
      List<Long> numbers = new ArrayList<>();
      for (JsonNode v : versions) {
        numbers.add(
            ModelConfigFile.integer(v)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "specific versions must be integers, has " + v)));
      }
      return new Specific(new TreeSet<>(numbers));
    }
    throw new IllegalArgumentException(
        "must be one of latest, all, specific, has " + policy.fieldNames().next());
  }
}
