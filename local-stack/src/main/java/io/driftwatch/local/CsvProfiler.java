package io.driftwatch.local;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.training.ProfileBuilder;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.data.columnar.ColumnarIterator;
import org.tribuo.data.csv.CSVIterator;

/**
 * Builds a version's reference profile from a training CSV (header row, comma-separated, RFC 4180
 * quoting): the descriptor's features are read by column name, an empty cell is missing, and the
 * model's outputs come either from CSV columns the caller names or from running the version's
 * {@code model.onnx} on the rows with ONNX Runtime on the CPU, in batches of {@value #BATCH} rows.
 * Running the model needs an all-numeric model, since a categorical feature's index encoding is not
 * in the descriptor.
 */
final class CsvProfiler {

  static final int BATCH = 1024;

  private final ModelDescriptor descriptor;
  private final Path versionDirectory;

  CsvProfiler(ModelDescriptor descriptor, Path versionDirectory) {
    this.descriptor = descriptor;
    this.versionDirectory = versionDirectory;
  }

  /**
   * Reads every row of {@code csv}.
   *
   * @param classColumn CSV column holding the predicted class, or null to run the model
   * @param scoreColumn CSV column holding the score, or null to run the model
   * @throws IllegalArgumentException naming the line and column of a malformed cell or a missing
   *     column
   */
  ReferenceProfile profile(
      Path csv, String classColumn, String scoreColumn, String model, String version)
      throws IOException, OrtException {
    boolean fromCsv = classColumn != null || scoreColumn != null;
    if (!fromCsv
        && descriptor.features().stream().anyMatch(f -> f.kind() != ModelDescriptor.Kind.NUMERIC)) {
      throw new IllegalArgumentException(
          "the model has categorical features; pass --class-column/--score-column with its"
              + " predictions");
    }
    ProfileBuilder builder = new ProfileBuilder(descriptor);
    List<Row> batch = new ArrayList<>(BATCH);
    try (CSVIterator rows = new CSVIterator(csv.toUri(), ',', '"');
        Scorer scorer = fromCsv ? null : new Scorer()) {
      requireColumns(rows.getFields(), classColumn, scoreColumn);
      while (rows.hasNext()) {
        ColumnarIterator.Row row = rows.next();
        Row parsed = parse(row, classColumn, scoreColumn);
        if (fromCsv) {
          builder.add(parsed.numeric, parsed.categorical, parsed.predictedClass, parsed.score);
        } else {
          batch.add(parsed);
          if (batch.size() == BATCH) {
            scorer.score(batch, builder);
          }
        }
      }
      if (!batch.isEmpty()) {
        scorer.score(batch, builder);
      }
    }
    if (builder.rows() == 0) {
      throw new IllegalArgumentException(csv + " has no data rows");
    }
    return builder.build(
        model, version, Instant.now(), Map.of("file", csv.getFileName().toString()));
  }

  private void requireColumns(List<String> header, String classColumn, String scoreColumn) {
    List<String> wanted = new ArrayList<>(descriptor.featureNames());
    if (classColumn != null) {
      wanted.add(classColumn);
    }
    if (scoreColumn != null) {
      wanted.add(scoreColumn);
    }
    for (String column : wanted) {
      if (!header.contains(column)) {
        throw new IllegalArgumentException(
            "CSV has no column '" + column + "'; its header is " + header);
      }
    }
  }

  private Row parse(ColumnarIterator.Row row, String classColumn, String scoreColumn) {
    Map<String, String> cells = row.getRowData();
    Map<String, Double> numeric = new HashMap<>();
    Map<String, String> categorical = new HashMap<>();
    for (ModelDescriptor.Feature feature : descriptor.features()) {
      String cell = cells.get(feature.name());
      if (cell == null || cell.isBlank()) {
        continue;
      }
      if (feature.kind() == ModelDescriptor.Kind.NUMERIC) {
        numeric.put(feature.name(), number(row, feature.name(), cell));
      } else {
        categorical.put(feature.name(), cell);
      }
    }
    String predicted = classColumn == null ? null : cells.get(classColumn);
    double score =
        scoreColumn == null || cells.get(scoreColumn) == null || cells.get(scoreColumn).isBlank()
            ? Double.NaN
            : number(row, scoreColumn, cells.get(scoreColumn));
    return new Row(numeric, categorical, predicted, score);
  }

  private static double number(ColumnarIterator.Row row, String column, String cell) {
    try {
      return Double.parseDouble(cell.trim());
    } catch (NumberFormatException e) {
      // Row index 0 is the first data row, on line 2 after the header.
      throw new IllegalArgumentException(
          "line " + (row.getIndex() + 2) + ", column " + column + ": not a number: '" + cell + "'");
    }
  }

  private record Row(
      Map<String, Double> numeric,
      Map<String, String> categorical,
      String predictedClass,
      double score) {}

  /** The version's ONNX graph on the CPU. */
  private final class Scorer implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    Scorer() throws OrtException {
      session =
          environment.createSession(
              versionDirectory.resolve("model.onnx").toString(), new OrtSession.SessionOptions());
    }

    void score(List<Row> rows, ProfileBuilder builder) throws OrtException {
      int columns = descriptor.features().size();
      float[] input = new float[rows.size() * columns];
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < columns; c++) {
          Double value = rows.get(r).numeric.get(descriptor.features().get(c).name());
          input[r * columns + c] = value == null ? Float.NaN : value.floatValue();
        }
      }
      try (OnnxTensor tensor =
              OnnxTensor.createTensor(
                  environment, FloatBuffer.wrap(input), new long[] {rows.size(), columns});
          OrtSession.Result result =
              session.run(
                  Map.of(descriptor.inputName(), tensor), Set.of(descriptor.outputName()))) {
        float[] output = flatten(result.get(0).getValue());
        int perRow = output.length / rows.size();
        for (int r = 0; r < rows.size(); r++) {
          Row row = rows.get(r);
          if (descriptor.task() == ModelDescriptor.Task.CLASSIFICATION) {
            int best = 0;
            for (int c = 1; c < perRow; c++) {
              if (output[r * perRow + c] > output[r * perRow + best]) {
                best = c;
              }
            }
            builder.add(
                row.numeric,
                row.categorical,
                descriptor.classLabels().get(best),
                output[r * perRow + best]);
          } else {
            builder.add(row.numeric, row.categorical, null, output[r * perRow]);
          }
        }
      }
      rows.clear();
    }

    private float[] flatten(Object value) {
      if (value instanceof float[][] matrix) {
        float[] flat = new float[matrix.length * (matrix.length == 0 ? 0 : matrix[0].length)];
        for (int r = 0; r < matrix.length; r++) {
          System.arraycopy(matrix[r], 0, flat, r * matrix[r].length, matrix[r].length);
        }
        return flat;
      }
      if (value instanceof float[] vector) {
        return vector;
      }
      throw new IllegalArgumentException(
          "model output " + descriptor.outputName() + " is not float32 [rows] or [rows, columns]");
    }

    @Override
    public void close() throws OrtException {
      session.close();
    }
  }
}
