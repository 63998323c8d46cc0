package io.driftwatch.local;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.training.ProfileBuilder;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tribuo.data.columnar.ColumnarIterator;
import org.tribuo.data.csv.CSVIterator;

/**
 * Builds a version's reference profile from a training CSV (header row, comma-separated, RFC 4180
 * quoting): the descriptor's features are read by column name, an empty cell is missing, and the
 * model's outputs come either from CSV columns the caller names or from running the version's
 * {@code model.onnx} on the rows with ONNX Runtime on the CPU, in batches of {@value #BATCH} rows.
 * Running the model needs an all-numeric model with a float32 or float64 input, since a categorical
 * feature's index encoding is not in the descriptor; its output is read as the gateway reads it
 * (probabilities, a class per row, or a regressor's number, see {@link Scorer}).
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

  /**
   * The version's ONNX graph on the CPU. Its input must be a float32 or float64 tensor {@code
   * [rows, features]}. A classifier's output holds each class's probability, in {@code
   * class_labels} order (the row's class is the most probable, its score that probability), or else
   * each row's class itself ({@link #CLASS_TYPES}, {@code [rows]} or {@code [rows, 1]}, as the
   * gateway serves it: integers in decimal, no score); a regressor's is one number per row.
   */
  private final class Scorer implements AutoCloseable {

    /** Output element types that hold a classifier's class per row rather than probabilities. */
    private static final Set<OnnxJavaType> CLASS_TYPES =
        EnumSet.of(
            OnnxJavaType.STRING,
            OnnxJavaType.INT8,
            OnnxJavaType.UINT8,
            OnnxJavaType.INT16,
            OnnxJavaType.INT32,
            OnnxJavaType.INT64);

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final OnnxJavaType inputType;
    private final OnnxJavaType outputType;

    Scorer() throws OrtException {
      session =
          environment.createSession(
              versionDirectory.resolve("model.onnx").toString(), new OrtSession.SessionOptions());
      try {
        inputType = tensorType(session.getInputInfo(), descriptor.inputName(), "input");
        outputType = tensorType(session.getOutputInfo(), descriptor.outputName(), "output");
      } catch (RuntimeException | OrtException e) {
        session.close();
        throw e;
      }
      if (inputType != OnnxJavaType.FLOAT && inputType != OnnxJavaType.DOUBLE) {
        session.close();
        throw new IllegalArgumentException(
            "model input "
                + descriptor.inputName()
                + " is "
                + inputType
                + "; profile runs models whose input is float32 or float64: pass"
                + " --class-column/--score-column with its predictions");
      }
    }

    private OnnxJavaType tensorType(Map<String, NodeInfo> nodes, String name, String what) {
      NodeInfo node = nodes.get(name);
      if (node == null) {
        throw new IllegalArgumentException(
            "model.onnx has no "
                + what
                + " '"
                + name
                + "'; its "
                + what
                + "s are "
                + nodes.keySet());
      }
      if (!(node.getInfo() instanceof TensorInfo tensor)) {
        throw new IllegalArgumentException(
            "model " + what + " " + name + " is not a tensor: " + node.getInfo());
      }
      return tensor.type;
    }

    private boolean classPerRow() {
      return descriptor.task() == ModelDescriptor.Task.CLASSIFICATION
          && CLASS_TYPES.contains(outputType);
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
          if (classPerRow()) {
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
            requirePerRow(perRow, 1, "one number per row");
            builder.add(row.numeric, row.categorical, null, number(output.get(r)));
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
                + " values per row; a "
                + descriptor.task().name().toLowerCase(Locale.ROOT)
                + (outputType == OnnxJavaType.STRING ? "" : " of " + outputType)
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
      if (value instanceof Number number) {
        return outputType == OnnxJavaType.UINT8
            ? Byte.toUnsignedInt(number.byteValue())
            : number.doubleValue();
      }
      throw new IllegalArgumentException(
          "model output " + descriptor.outputName() + " is " + outputType + ", not numbers");
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

    @Override
    public void close() throws OrtException {
      session.close();
    }
  }
}
