package io.driftwatch.training;

import static java.util.stream.Collectors.toSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the weather classifier: multinomial logistic regression over precipitation, temp_max,
 * temp_min and wind, predicting the weather label.
 *
 * <p>Deterministic: the rows are split by a {@link Random} seeded with {@link
 * TrainingSettings#seed()} ({@code testFraction} held out, rounded, at least one row; held-out rows
 * of a label no training row has train instead, so the model knows every label), and a fresh Tribuo
 * trainer with the same seed fits the rest, so equal inputs give equal weights. Features are not
 * standardised, so the ONNX graph takes raw values. Takes about a second for 1461 rows. Thread-safe
 * (holds only immutable settings).
 */
public final class DemoModelTrainer {

  /** Fewer rows cannot both train and measure a classifier. */
  public static final int MIN_ROWS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(DemoModelTrainer.class);
  private static final LabelFactory LABELS = new LabelFactory();
  // Tribuo logs the loss every N examples at INFO; once per run is enough.
  private static final int TRIBUO_LOGGING_INTERVAL = Integer.MAX_VALUE;

  private final TrainingSettings settings;

  public DemoModelTrainer(TrainingSettings settings) {
    this.settings = settings;
  }

  /** Fits a classifier to {@code rows} (at least {@value #MIN_ROWS}) and measures it. */
  public TrainedClassifier train(List<WeatherObservation> rows) {
    if (rows.size() < MIN_ROWS) {
      throw new IllegalArgumentException(
          "training rows: need at least " + MIN_ROWS + ", got " + rows.size());
    }
    List<WeatherObservation> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(settings.seed()));
    int testRows = Math.max(1, (int) Math.round(rows.size() * settings.testFraction()));
    List<WeatherObservation> test = new ArrayList<>(shuffled.subList(0, testRows));
    List<WeatherObservation> train = new ArrayList<>(shuffled.subList(testRows, shuffled.size()));
    // A label only held-out rows carry (a rare class in a small or recent sample) would be unknown
    // to the model and break the evaluation: those rows train instead.
    Set<String> trained = train.stream().map(WeatherObservation::weather).collect(toSet());
    List<WeatherObservation> unseen =
        test.stream().filter(row -> !trained.contains(row.weather())).toList();
    test.removeAll(unseen);
    train.addAll(unseen);
    if (test.isEmpty()) {
      throw new IllegalArgumentException(
          "training rows: no held-out row has a label that training rows have too");
    }

    LinearSGDTrainer trainer =
        new LinearSGDTrainer(
            new LogMulticlass(),
            new AdaGrad(settings.learningRate(), settings.epsilon()),
            settings.epochs(),
            TRIBUO_LOGGING_INTERVAL,
            settings.minibatchSize(),
            settings.seed());
    LinearSGDModel model = trainer.train(dataset("weather training rows", train));
    double accuracy =
        new LabelEvaluator().evaluate(model, dataset("weather test rows", test)).accuracy();
    LOG.info(
        "Trained weather classifier on {} rows, test accuracy {} on {} held-out rows ({}){}",
        train.size(),
        String.format(java.util.Locale.ROOT, "%.4f", accuracy),
        test.size(),
        trainer,
        unseen.isEmpty()
            ? ""
            : "; "
                + unseen.size()
                + " held-out rows of labels no training row had trained instead");
    return new TrainedClassifier(
        model,
        featureOrder(model.getFeatureIDMap()),
        labelOrder(model.getOutputIDInfo()),
        train.size(),
        test.size(),
        accuracy,
        trainer.toString(),
        settings);
  }

  /** The Tribuo example for {@code row}: the four features by name, labelled with its weather. */
  public static Example<Label> toExample(WeatherObservation row) {
    return new ArrayExample<>(
        new Label(row.weather()),
        WeatherObservation.FEATURE_NAMES.toArray(String[]::new),
        row.features());
  }

  private static MutableDataset<Label> dataset(String description, List<WeatherObservation> rows) {
    MutableDataset<Label> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance(description, LABELS), LABELS);
    for (WeatherObservation row : rows) {
      dataset.add(toExample(row));
    }
    return dataset;
  }

  private static List<String> featureOrder(ImmutableFeatureMap features) {
    List<String> names = new ArrayList<>(features.size());
    for (int id = 0; id < features.size(); id++) {
      names.add(features.get(id).getName());
    }
    if (!names.containsAll(WeatherObservation.FEATURE_NAMES)) {
      throw new IllegalStateException(
          "training rows: every feature must take a non-zero value at least once; model saw only "
              + names);
    }
    return names;
  }

  private static List<String> labelOrder(ImmutableOutputInfo<Label> labels) {
    List<String> names = new ArrayList<>(labels.size());
    for (int id = 0; id < labels.size(); id++) {
      names.add(labels.getOutput(id).getLabel());
    }
    return names;
  }
}
