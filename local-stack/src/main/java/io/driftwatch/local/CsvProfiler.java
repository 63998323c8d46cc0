package io.driftwatch.local;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.driftwatch.gateway.ServedTensors;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.training.ModelRepositoryWriter;
import io.driftwatch.training.ProfileBuilder;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
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
 *
 * <p>Either way the version must be one the gateway loads ({@link ServedTensors#check}, with the
 * gateway's reasons), and numeric features are profiled as its input tensor holds them, which is
 * what the gateway logs: rounded to float32, or to FP16/BF16 precision, for those inputs, as given
 * for float64 and integer ones. Running the model needs an all-numeric model with a float32 or
 * float64 input, since a categorical feature's index encoding is not in the descriptor; its output
 * is read as the gateway reads it (see {@link Scorer}).
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
   *     column, or why the gateway would not load the version, or why it cannot be run here
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
    Path modelFile = versionDirectory.resolve(ModelRepositoryWriter.MODEL_FILE);
    if (!Files.isRegularFile(modelFile)) {
      throw new IllegalArgumentException(
          "no " + modelFile + ": the profile follows the model's input and output tensors");
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = environment.createSession(modelFile.toString(), options)) {
      ServedTensors tensors = ServedTensors.check(session, descriptor);
      OnnxJavaType inputType = tensors.input().type;
      ProfileBuilder builder =
          new ProfileBuilder(
              descriptor,
              FLOATING.contains(inputType)
                  ? ProfileBuilder.Precision.FLOAT32
                  : ProfileBuilder.Precision.EXACT);
      Scorer scorer = fromCsv ? null : new Scorer(environment, session, tensors);
      List<Row> batch = new ArrayList<>(BATCH);
      try (CSVIterator rows = new CSVIterator(csv.toUri(), ',', '"')) {
        requireColumns(rows.getFields(), classColumn, scoreColumn);
        while (rows.hasNext()) {
          ColumnarIterator.Row row = rows.next();
          Row parsed = parse(row, classColumn, scoreColumn, tensors);
          if (fromCsv) {
            builder.add(parsed.numeric, parsed.categorical, parsed.predictedClass, parsed.score);
          } else {
            batch.add(parsed);
            if (batch.size() == BATCH) {
              scorer.score(batch, builder);
            }
          }
        }
      }
      if (!batch.isEmpty()) {
        scorer.score(batch, builder);
      }
      if (builder.rows() == 0) {
        throw new IllegalArgumentException(csv + " has no data rows");
      }
      return builder.build(
          model, version, Instant.now(), Map.of("file", csv.getFileName().toString()));
    }
  }

  /** Input element types whose values the profile holds as floats. */
  private static final Set<OnnxJavaType> FLOATING =
      EnumSet.of(OnnxJavaType.FLOAT, OnnxJavaType.FLOAT16, OnnxJavaType.BFLOAT16);

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

  private Row parse(
      ColumnarIterator.Row row, String classColumn, String scoreColumn, ServedTensors tensors) {
    Map<String, String> cells = row.getRowData();
    Map<String, Double> numeric = new HashMap<>();
    Map<String, String> categorical = new HashMap<>();
    for (ModelDescriptor.Feature feature : descriptor.features()) {
      String cell = cells.get(feature.name());
      if (cell == null || cell.isBlank()) {
        continue;
      }
      if (feature.kind() == ModelDescriptor.Kind.NUMERIC) {
        numeric.put(feature.name(), tensors.asReceived(number(row, feature.name(), cell)));
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

  /**
   * The version's ONNX graph, run on the rows. Its input must be float32 or float64 {@code [rows,
   * features]}. A classifier's output holds each class's probability, in {@code class_labels} order
   * (the row's class is the most probable, its score that probability), or else each row's class
   * itself ({@link ServedTensors#classPerRow}, as the gateway serves it: a string as is, an integer
   * in decimal, no score); a regressor's score is the first value of each row, as the gateway logs
   * it.
   */
  private final class Scorer {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final OnnxJavaType inputType;
    private final OnnxJavaType outputType;
    private final boolean classPerRow;

    Scorer(OrtEnvironment environment, OrtSession session, ServedTensors tensors) {
      this.environment = environment;
      this.session = session;
      inputType = tensors.input().type;
      outputType = tensors.output().type;
      classPerRow = tensors.classPerRow(descriptor);
      if (inputType != OnnxJavaType.FLOAT && inputType != OnnxJavaType.DOUBLE) {
        throw new IllegalArgumentException(
            "model input "
                + descriptor.inputName()
                + " is "
                + inputType
                + "; profile runs models whose input is float32 or float64: pass"
                + " --class-column/--score-column with its predictions");
      }
    }

    void score(List<Row> rows, ProfileBuilder builder) throws OrtException {
      try (OnnxTensor tensor = input(rows);
          OrtSession.Result result =
              session.run(
                  Map.of(descriptor.inputName(), tensor), Set.of(descriptor.outputName()))) {
        List<Object> output = new ArrayList<>();
        flatten(result.get(0).getValue(), output);
        if (output.isEmpty() || output.size() % rows.size() != 0) {
          throw new IllegalArgumentException(
              "model output "
                  + descriptor.outputName()
                  + " has "
                  + output.size()
                  + " values for "
                  + rows.size()
                  + " rows");
        }
        int perRow = output.size() / rows.size();
        for (int r = 0; r < rows.size(); r++) {
          Row row = rows.get(r);
          if (classPerRow) {
            requirePerRow(perRow, 1, "one class per row");
            builder.add(row.numeric, row.categorical, className(output.get(r)), Double.NaN);
          } else if (descriptor.task() == ModelDescriptor.Task.CLASSIFICATION) {
            requirePerRow(perRow, descriptor.classLabels().size(), "one probability per class");
            int best = 0;
            for (int c = 1; c < perRow; c++) {
              if (number(output.get(r * perRow + c)) > number(output.get(r * perRow + best))) {
                best = c;
              }
            }
            builder.add(
                row.numeric,
                row.categorical,
                descriptor.classLabels().get(best),
                number(output.get(r * perRow + best)));
          } else {
            builder.add(row.numeric, row.categorical, null, number(output.get(r * perRow)));
          }
        }
      }
      rows.clear();
    }

    private OnnxTensor input(List<Row> rows) throws OrtException {
      int columns = descriptor.features().size();
      double[] values = new double[rows.size() * columns];
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < columns; c++) {
          Double value = rows.get(r).numeric.get(descriptor.features().get(c).name());
          values[r * columns + c] = value == null ? Double.NaN : value;
        }
      }
      long[] shape = {rows.size(), columns};
      if (inputType == OnnxJavaType.DOUBLE) {
        return OnnxTensor.createTensor(environment, DoubleBuffer.wrap(values), shape);
      }
      float[] floats = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        floats[i] = (float) values[i];
      }
      return OnnxTensor.createTensor(environment, FloatBuffer.wrap(floats), shape);
    }

    private void requirePerRow(int perRow, int expected, String holding) {
      if (perRow != expected) {
        throw new IllegalArgumentException(
            "model output "
                + descriptor.outputName()
                + " has "
                + perRow
                + " values per row; a classifier's "
                + outputType
                + " output holds "
                + holding
                + " ("
                + expected
                + ")");
      }
    }

    /** A class per row as the gateway logs it: a string as is, an integer in decimal. */
    private String className(Object value) {
      if (value instanceof String name) {
        return name;
      }
      long number =
          outputType == OnnxJavaType.UINT8
              ? Byte.toUnsignedInt((Byte) value)
              : ((Number) value).longValue();
      return Long.toString(number);
    }

    private double number(Object value) {
      if (value instanceof Boolean flag) {
        return flag ? 1 : 0;
      }
      Number number = (Number) value;
      return outputType == OnnxJavaType.UINT8
          ? Byte.toUnsignedInt(number.byteValue())
          : number.doubleValue();
    }

    /** The elements of ONNX Runtime's value for a tensor (nested arrays), row-major. */
    private void flatten(Object value, List<Object> into) {
      if (value != null && value.getClass().isArray()) {
        for (int i = 0, n = Array.getLength(value); i < n; i++) {
          flatten(Array.get(value, i), into);
        }
      } else {
        into.add(value);
      }
    }
  }
}
