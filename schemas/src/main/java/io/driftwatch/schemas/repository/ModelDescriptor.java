package io.driftwatch.schemas.repository;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftwatch.schemas.FeatureKind;
import io.driftwatch.schemas.FeatureSpec;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.ModelEventType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a model version expects and produces, read from {@code
 * <repository>/<model>/<version>/descriptor.json} beside its {@code model.onnx}.
 *
 * <p>The input tensor is {@code [-1, features.size()]} named {@link #inputName()}; column {@code i}
 * is feature {@code i}. A classifier's {@link #outputName()} tensor holds one probability per entry
 * of {@link #classLabels()}, in that order, or else each row's class itself, one of {@link
 * #classLabels()} (integers written in decimal there).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelDescriptor(
    @JsonProperty("task") Task task,
    @JsonProperty("input_name") String inputName,
    @JsonProperty("output_name") String outputName,
    @JsonProperty("features") List<Feature> features,
    @JsonProperty("class_labels") List<String> classLabels,
    @JsonProperty("lineage") Map<String, String> lineage) {

  /** The file name of a descriptor inside a version directory. */
  public static final String FILE_NAME = "descriptor.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** Whether the model predicts a class or a number. */
  public enum Task {
    @JsonProperty("classification")
    CLASSIFICATION,
    @JsonProperty("regression")
    REGRESSION
  }

  /** One input column. */
  public record Feature(@JsonProperty("name") String name, @JsonProperty("kind") Kind kind) {
    public Feature {
      Objects.requireNonNull(name, "feature name");
      Objects.requireNonNull(kind, "feature kind of " + name);
    }
  }

  /** Feature type. Categorical features are fed to the model as their category's index. */
  public enum Kind {
    @JsonProperty("numeric")
    NUMERIC,
    @JsonProperty("categorical")
    CATEGORICAL
  }

  public ModelDescriptor {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(inputName, "input_name");
    Objects.requireNonNull(outputName, "output_name");
    features = List.copyOf(Objects.requireNonNull(features, "features"));
    classLabels = classLabels == null ? List.of() : List.copyOf(classLabels);
    lineage = lineage == null ? Map.of() : Map.copyOf(new TreeMap<>(lineage));
    if (features.isEmpty()) {
      throw new IllegalArgumentException("features: a model needs at least one input feature");
    }
    if (task == Task.CLASSIFICATION && classLabels.isEmpty()) {
      throw new IllegalArgumentException("class_labels: a classifier needs its class labels");
    }
  }

  public static ModelDescriptor read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), ModelDescriptor.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("invalid model descriptor " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writerFor(ModelDescriptor.class).writeValue(file.toFile(), this);
  }

  public List<String> featureNames() {
    return features.stream().map(Feature::name).toList();
  }

  /**
   * The wire form of this descriptor for topic {@code model-events}.
   *
   * @param referenceProfile the version's serialized {@code ReferenceProfile}, or null
   */
  public ModelEvent toModelEvent(
      String model,
      String version,
      ModelEventType type,
      Instant at,
      String message,
      byte[] referenceProfile) {
    return ModelEvent.newBuilder()
        .setModel(model)
        .setVersion(version)
        .setType(type)
        .setEventTime(at)
        .setTask(task.name().toLowerCase(java.util.Locale.ROOT))
        .setFeatures(
            features.stream()
                .map(
                    f ->
                        FeatureSpec.newBuilder()
                            .setName(f.name())
                            .setKind(
                                f.kind() == Kind.NUMERIC
                                    ? FeatureKind.NUMERIC
                                    : FeatureKind.CATEGORICAL)
                            .build())
                .toList())
        .setClassLabels(classLabels)
        .setLineage(lineage)
        .setMessage(message)
        .setReferenceProfile(referenceProfile == null ? null : ByteBuffer.wrap(referenceProfile))
        .build();
  }
}
