package io.driftwatch.training;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Tribuo;

/**
 * Driftwatch's demo model, {@value #NAME}: predicts the weather label (drizzle, fog, rain, snow,
 * sun) from precipitation, temp_max, temp_min and wind, trained on the Seattle rows of the bundled
 * {@link WeatherDataset}. Feeding it New York rows makes its inputs drift.
 *
 * <p>Output is reproducible: the same rows, seed and code version give byte-identical {@code
 * model.onnx} and {@code descriptor.json} (no training timestamp is recorded). The reference
 * profile {@code profile.avro} is not byte-identical: it records when it was built, and KLL
 * sketches compact at random. Training takes about a second. All methods are thread-safe except
 * concurrent writes of the same version.
 */
public final class DemoModel {

  public static final String NAME = "seattle-weather";

  /** The version {@link #writeRepository(Path)} writes. */
  public static final String VERSION = "1";

  private DemoModel() {}

  /**
   * Trains (deterministically) and writes {@code <repository>/seattle-weather/1/model.onnx} and
   * {@code descriptor.json}; returns the version directory. Idempotent: overwrites. Takes a few
   * seconds at most.
   */
  public static Path writeRepository(Path repository) throws IOException {
    WeatherDataset dataset = WeatherDataset.bundled();
    return write(
        repository,
        VERSION,
        dataset.seattle(),
        TrainingSettings.DEFAULT_SEED,
        Map.of(
            "source",
            "vega-datasets 3.2.1 weather.csv (NOAA Climate Data Online), location=Seattle",
            "source_sha256",
            dataset.sha256()));
  }

  /** Same, as version {@code version}, trained on {@code trainingRows} instead of Seattle's. */
  public static Path writeVersion(
      Path repository, String version, List<WeatherObservation> trainingRows, long seed)
      throws IOException {
    return write(repository, version, trainingRows, seed, Map.of());
  }

  /**
   * Same, with {@code extraLineage} (for example what triggered a retrain and where the rows came
   * from) recorded in the descriptor's lineage and the ONNX metadata. Entries the training step
   * computes itself ({@code rows}, {@code seed}, {@code trainer}, …) win over equal keys.
   */
  public static Path writeVersion(
      Path repository,
      String version,
      List<WeatherObservation> trainingRows,
      long seed,
      Map<String, String> extraLineage)
      throws IOException {
    return write(repository, version, trainingRows, seed, Map.copyOf(extraLineage));
  }

  private static Path write(
      Path repository,
      String version,
      List<WeatherObservation> rows,
      long seed,
      Map<String, String> source)
      throws IOException {
    long onnxModelVersion = ModelRepositoryWriter.parseVersion(version);
    TrainingSettings settings = TrainingSettings.defaults(seed);
    TrainedClassifier classifier = new DemoModelTrainer(settings).train(rows);
    Map<String, String> lineage = new TreeMap<>(source);
    lineage.put("training_data_sha256", WeatherDataset.sha256Of(rows));
    lineage.put("rows", Integer.toString(rows.size()));
    lineage.put("training_rows", Integer.toString(classifier.trainingRows()));
    lineage.put("test_rows", Integer.toString(classifier.testRows()));
    lineage.put("test_accuracy", String.format(Locale.ROOT, "%.4f", classifier.testAccuracy()));
    lineage.put("code_version", CodeVersion.current());
    lineage.put("seed", Long.toString(seed));
    lineage.put("trainer", classifier.trainer());
    lineage.put("hyperparameters", settings.describe());
    lineage.put("framework", "Tribuo " + Tribuo.VERSION);

    OnnxExport onnx =
        OnnxExport.of(
            classifier.model(),
            onnxModelVersion,
            NAME
                + " version "
                + version
                + ": Tribuo multinomial logistic regression; "
                + "input float32 [batch, "
                + classifier.featureNames().size()
                + "] columns "
                + classifier.featureNames()
                + ", output class probabilities "
                + classifier.classLabels(),
            prefixed(lineage));
    ModelDescriptor descriptor =
        new ModelDescriptor(
            ModelDescriptor.Task.CLASSIFICATION,
            onnx.inputName(),
            onnx.outputName(),
            classifier.featureNames().stream()
                .map(name -> new ModelDescriptor.Feature(name, ModelDescriptor.Kind.NUMERIC))
                .toList(),
            classifier.classLabels(),
            lineage);
    byte[] profile =
        ReferenceProfileCodec.encode(profile(descriptor, classifier, rows, version, lineage));
    return new ModelRepositoryWriter(repository)
        .write(NAME, version, onnx.bytes(), profile, descriptor);
  }

  /**
   * The reference profile of all {@code rows} (training and held-out) with the model's answers on
   * them, as the gateway computes them: the most probable class and its probability.
   */
  private static ReferenceProfile profile(
      ModelDescriptor descriptor,
      TrainedClassifier classifier,
      List<WeatherObservation> rows,
      String version,
      Map<String, String> lineage) {
    ProfileBuilder builder = new ProfileBuilder(descriptor);
    for (WeatherObservation row : rows) {
      double[] values = row.features();
      Map<String, Double> features = new TreeMap<>();
      for (int i = 0; i < values.length; i++) {
        features.put(WeatherObservation.FEATURE_NAMES.get(i), values[i]);
      }
      double[] probabilities = classifier.probabilities(row);
      int best = 0;
      for (int i = 1; i < probabilities.length; i++) {
        if (probabilities[i] > probabilities[best]) {
          best = i;
        }
      }
      builder.add(
          features, Map.of(), classifier.classLabels().get(best), (float) probabilities[best]);
    }
    return builder.build(
        NAME,
        version,
        Instant.now(),
        Map.of("training_data_sha256", lineage.get("training_data_sha256")));
  }

  private static Map<String, String> prefixed(Map<String, String> lineage) {
    Map<String, String> metadata = new TreeMap<>();
    lineage.forEach((key, value) -> metadata.put("driftwatch." + key, value));
    return metadata;
  }

  /** Writes the demo model into the repository directory given as the only argument. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: DemoModel <model-repository-directory>");
      System.exit(2);
    }
    System.out.println(writeRepository(Path.of(args[0])));
  }
}
