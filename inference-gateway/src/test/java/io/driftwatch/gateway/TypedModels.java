package io.driftwatch.gateway;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.ModelRepositoryWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Tiny ONNX models (opset 13) whose input or output is not FP32, built as ONNX protobuf graphs like
 * {@code OnnxExport}, for tests on real ONNX Runtime. Each takes {@code input [N, features]} and
 * answers {@code output}; their weights are chosen so that a wrong element type shows in the
 * numbers.
 */
final class TypedModels {

  /** INT64 input, cast to FLOAT, times {@code [[0.5], [0.25]]}: FP32 {@code [N, 1]}. */
  static final String COUNTS = "counts";

  /** FP64 input times {@code [[1], [1]]} in double: FP64 {@code [N, 1]}. */
  static final String DOUBLES = "doubles";

  /**
   * BOOL input of 3 flags, cast to FLOAT, times {@code [[0.1, 0.9], [0.6, 0.4], [0.3, 0.7]]}: a
   * classifier of {@code no}, {@code yes} with FP32 scores {@code [N, 2]}.
   */
  static final String FLAGS = "flags";

  /** INT32 input, cast to INT64, times {@code [[3], [1]]} in int64: INT64 {@code [N, 1]}. */
  static final String IDS = "ids";

  /**
   * INT64 input times {@code [[1], [0]]} in int64: its first column, exactly, INT64 {@code [N, 1]}.
   */
  static final String LONGS = "longs";

  /** FP32 input {@code [N, 2]} row sums cast to FLOAT16: FP16 {@code [N, 1]}. */
  static final String HALVES = "halves";

  /**
   * INT32 input {@code [N, 2]} cast to UINT8 (values 0..255 pass unchanged): UINT8 {@code [N, 2]}.
   */
  static final String OCTETS = "octets";

  /** FP32 input {@code [N, 2]} compared with 0.5: BOOL {@code [N, 2]}, true where greater. */
  static final String ABOVE_HALF = "above-half";

  /**
   * FP32 input {@code [N, 2]} of which a column past the end is gathered ({@link #failing(String,
   * String, int, int)}): it loads and every run fails inside ONNX Runtime, the model error a client
   * cannot cause.
   */
  static final String FAILING = "failing";

  /**
   * Input types no other model here takes, each a model {@code sum-<type>} whose input {@code [N,
   * 2]} is cast to FLOAT and summed per row: FP32 {@code [N, 1]}.
   */
  static final List<DataType> SUMMED_INPUTS =
      List.of(DataType.INT8, DataType.INT16, DataType.UINT8, DataType.FLOAT16, DataType.BFLOAT16);

  /**
   * STRING input {@code [N, 2]} of weather words, encoded by ONNX-ML's LabelEncoder as sun 0, rain
   * 1, snow 2 (anything else -1) and weighted {@code [[1], [10]]}: FP32 {@code [N, 1]}, two
   * categorical features.
   */
  static final String WEATHER_WORDS = "weather-words";

  /**
   * FP32 input {@code [N, 2]} whose larger column (ArgMax) is named by ONNX-ML's LabelEncoder, 0
   * {@code cold}, 1 {@code hot}: a classifier answering its class per row as STRING {@code [N]},
   * with no probabilities.
   */
  static final String CLASS_NAMES = "class-names";

  /**
   * FP32 input {@code [N, 2]} whose larger column (ArgMax, 0 or 1) plus 7 is the class: a
   * classifier answering {@code 7} or {@code 8} per row as INT64 {@code [N, 1]}.
   */
  static final String CLASS_NUMBERS = "class-numbers";

  /** A column count for {@link #value} meaning a symbolic dimension {@code width}. */
  private static final int UNKNOWN = -1;

  private TypedModels() {}

  /** Writes version 1 of every model above into {@code repository}. */
  static void writeAll(Path repository) throws IOException {
    ModelRepositoryWriter writer = new ModelRepositoryWriter(repository);
    writer.write(COUNTS, "1", counts(), null, regressor(2));
    writer.write(DOUBLES, "1", doubles(), null, regressor(2));
    writer.write(FLAGS, "1", flags(), null, classifier(3, List.of("no", "yes")));
    writer.write(IDS, "1", ids(), null, regressor(2));
    writer.write(LONGS, "1", longs(), null, regressor(2));
    writer.write(HALVES, "1", halves(), null, regressor(2));
    writer.write(OCTETS, "1", octets(), null, regressor(2));
    writer.write(ABOVE_HALF, "1", aboveHalf(), null, regressor(2));
    writer.write(FAILING, "1", failing(), null, regressor(2));
    writer.write(WEATHER_WORDS, "1", weatherWords(), null, categorical(2));
    writer.write(CLASS_NAMES, "1", classNames(), null, classifier(2, List.of("cold", "hot")));
    writer.write(CLASS_NUMBERS, "1", classNumbers(), null, classifier(2, List.of("7", "8")));
    for (DataType input : SUMMED_INPUTS) {
      writer.write(summedName(input), "1", summed(input), null, regressor(2));
    }
  }

  /** The name of the {@link #SUMMED_INPUTS} model of {@code input}: {@code sum-int8}, ... */
  static String summedName(DataType input) {
    return "sum-" + input.name().toLowerCase(java.util.Locale.ROOT);
  }

  static byte[] summed(DataType input) {
    return model(
        input,
        DataType.FLOAT,
        1,
        List.of(cast("input", "floats", DataType.FLOAT), matMul("floats", "weights")),
        floatTensor("weights", new long[] {2, 1}, 1f, 1f));
  }

  static byte[] weatherWords() {
    OnnxMl.NodeProto encode =
        node("LabelEncoder", "codes", "input")
            .setDomain("ai.onnx.ml")
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("keys_strings")
                    .setType(OnnxMl.AttributeProto.AttributeType.STRINGS)
                    .addStrings(ByteString.copyFromUtf8("sun"))
                    .addStrings(ByteString.copyFromUtf8("rain"))
                    .addStrings(ByteString.copyFromUtf8("snow")))
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("values_floats")
                    .setType(OnnxMl.AttributeProto.AttributeType.FLOATS)
                    .addFloats(0)
                    .addFloats(1)
                    .addFloats(2))
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("default_float")
                    .setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                    .setF(-1))
            .build();
    OnnxMl.GraphProto graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("weather-words")
            .addInput(value("input", DataType.STRING, 2))
            .addOutput(value("output", DataType.FLOAT, 1))
            .addNode(encode)
            .addNode(matMul("codes", "weights"))
            .addInitializer(floatTensor("weights", new long[] {2, 1}, 1f, 10f))
            .build();
    return modelOf(graph);
  }

  static byte[] classNames() {
    return classNames("output", false);
  }

  /**
   * {@link #CLASS_NAMES}' graph with its output named {@code outputName}, STRING {@code [N, 1]}
   * when {@code keepColumn}.
   */
  static byte[] classNames(String outputName, boolean keepColumn) {
    OnnxMl.NodeProto name =
        node("LabelEncoder", outputName, "larger")
            .setDomain("ai.onnx.ml")
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("keys_int64s")
                    .setType(OnnxMl.AttributeProto.AttributeType.INTS)
                    .addInts(0)
                    .addInts(1))
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("values_strings")
                    .setType(OnnxMl.AttributeProto.AttributeType.STRINGS)
                    .addStrings(ByteString.copyFromUtf8("cold"))
                    .addStrings(ByteString.copyFromUtf8("hot")))
            .build();
    OnnxMl.GraphProto graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("class-names")
            .addInput(value("input", DataType.FLOAT, 2))
            .addOutput(
                keepColumn
                    ? value(outputName, DataType.STRING, 1)
                    : vector(outputName, DataType.STRING))
            .addNode(argMax("input", "larger", keepColumn))
            .addNode(name)
            .build();
    return modelOf(graph);
  }

  static byte[] classNumbers() {
    OnnxMl.GraphProto graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("class-numbers")
            .addInput(value("input", DataType.FLOAT, 2))
            .addOutput(value("output", DataType.INT64, 1))
            .addNode(argMax("input", "larger", true))
            .addNode(node("Add", "output", "larger", "seven"))
            .addInitializer(tensor("seven", DataType.INT64, new long[] {1}).addInt64Data(7))
            .build();
    return modelOf(graph);
  }

  /**
   * FP32 input {@code [N, 2]}, unused, and a constant STRING scalar output {@code hot}: a class
   * output with no row dimension, which the gateway must refuse to load.
   */
  static byte[] scalarClass() {
    OnnxMl.TensorProto hot =
        tensor("hot", DataType.STRING, new long[0])
            .addStringData(ByteString.copyFromUtf8("hot"))
            .build();
    OnnxMl.NodeProto constant =
        node("Constant", "output")
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("value")
                    .setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
                    .setT(hot))
            .build();
    OnnxMl.GraphProto graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("scalar-class")
            .addInput(value("input", DataType.FLOAT, 2))
            .addOutput(
                value("output", DataType.STRING, OnnxMl.TensorShapeProto.getDefaultInstance()))
            .addNode(constant)
            .build();
    return modelOf(graph);
  }

  /** ArgMax along the columns, {@code [N, 1]} kept or {@code [N]}. */
  private static OnnxMl.NodeProto argMax(String from, String to, boolean keepColumn) {
    return node("ArgMax", to, from)
        .addAttribute(intAttribute("axis", 1))
        .addAttribute(intAttribute("keepdims", keepColumn ? 1 : 0))
        .build();
  }

  static byte[] failing() {
    return failing("input", "output", 2, 1);
  }

  /**
   * FP32 input {@code inputName [N, features]} whose column {@code features}, one past the last,
   * {@code outputColumns} times is gathered into {@code outputName [N, outputColumns]}: the shapes
   * agree, so it loads, and every run fails inside ONNX Runtime on the index out of bounds.
   */
  static byte[] failing(String inputName, String outputName, int features, int outputColumns) {
    OnnxMl.NodeProto gather =
        node("Gather", outputName, inputName, "past_the_end")
            .addAttribute(intAttribute("axis", 1))
            .build();
    OnnxMl.TensorProto.Builder pastTheEnd =
        tensor("past_the_end", DataType.INT64, new long[] {outputColumns});
    for (int i = 0; i < outputColumns; i++) {
      pastTheEnd.addInt64Data(features);
    }
    OnnxMl.GraphProto graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("failing")
            .addInput(value(inputName, DataType.FLOAT, features))
            .addOutput(value(outputName, DataType.FLOAT, outputColumns))
            .addNode(gather)
            .addInitializer(pastTheEnd)
            .build();
    return modelOf(graph);
  }

  static byte[] halves() {
    OnnxMl.NodeProto sum = node("MatMul", "sum", "input", "weights").build();
    return model(
        DataType.FLOAT,
        DataType.FLOAT16,
        1,
        List.of(sum, cast("sum", "output", DataType.FLOAT16)),
        floatTensor("weights", new long[] {2, 1}, 1f, 1f));
  }

  static byte[] octets() {
    return model(
        DataType.INT32, DataType.UINT8, 2, List.of(cast("input", "output", DataType.UINT8)), null);
  }

  static byte[] aboveHalf() {
    OnnxMl.NodeProto greater = node("Greater", "output", "input", "half").build();
    return model(
        DataType.FLOAT,
        DataType.BOOL,
        2,
        List.of(greater),
        floatTensor("half", new long[] {1}, 0.5f),
        2);
  }

  static byte[] longs() {
    OnnxMl.TensorProto weights =
        tensor("weights", DataType.INT64, new long[] {2, 1})
            .addInt64Data(1)
            .addInt64Data(0)
            .build();
    return model(DataType.INT64, DataType.INT64, 1, List.of(matMul("input", "weights")), weights);
  }

  static byte[] counts() {
    return model(
        DataType.INT64,
        DataType.FLOAT,
        1,
        List.of(cast("input", "floats", DataType.FLOAT), matMul("floats", "weights")),
        floatTensor("weights", new long[] {2, 1}, 0.5f, 0.25f));
  }

  static byte[] doubles() {
    OnnxMl.TensorProto weights =
        tensor("weights", DataType.DOUBLE, new long[] {2, 1})
            .addDoubleData(1)
            .addDoubleData(1)
            .build();
    return model(DataType.DOUBLE, DataType.DOUBLE, 1, List.of(matMul("input", "weights")), weights);
  }

  static byte[] flags() {
    return model(
        DataType.BOOL,
        DataType.FLOAT,
        2,
        List.of(cast("input", "floats", DataType.FLOAT), matMul("floats", "weights")),
        floatTensor("weights", new long[] {3, 2}, 0.1f, 0.9f, 0.6f, 0.4f, 0.3f, 0.7f));
  }

  static byte[] ids() {
    OnnxMl.TensorProto weights =
        tensor("weights", DataType.INT64, new long[] {2, 1})
            .addInt64Data(3)
            .addInt64Data(1)
            .build();
    return model(
        DataType.INT32,
        DataType.INT64,
        1,
        List.of(cast("input", "longs", DataType.INT64), matMul("longs", "weights")),
        weights);
  }

  /**
   * FP32 input {@code [N, width]} passed through to the output: a model whose one-row output size
   * is known only once it runs.
   */
  static byte[] unknownWidth() {
    return model(DataType.FLOAT, DataType.FLOAT, UNKNOWN, List.of(identity()), null, UNKNOWN);
  }

  /** STRING input passed through to a STRING output: a model the gateway must refuse to load. */
  static byte[] strings() {
    return model(DataType.STRING, DataType.STRING, 2, List.of(identity()), null);
  }

  private static OnnxMl.NodeProto identity() {
    return node("Identity", "output", "input").build();
  }

  /** A regressor descriptor of {@code features} numeric features {@code f0, f1, ...}. */
  static ModelDescriptor regressor(int features) {
    return descriptor(ModelDescriptor.Task.REGRESSION, features, List.of());
  }

  /** A regressor descriptor of {@code features} categorical features {@code f0, f1, ...}. */
  static ModelDescriptor categorical(int features) {
    return new ModelDescriptor(
        ModelDescriptor.Task.REGRESSION,
        "input",
        "output",
        IntStream.range(0, features)
            .mapToObj(i -> new ModelDescriptor.Feature("f" + i, ModelDescriptor.Kind.CATEGORICAL))
            .toList(),
        List.of(),
        Map.of());
  }

  static ModelDescriptor classifier(int features, List<String> classes) {
    return descriptor(ModelDescriptor.Task.CLASSIFICATION, features, classes);
  }

  private static ModelDescriptor descriptor(
      ModelDescriptor.Task task, int features, List<String> classes) {
    return new ModelDescriptor(
        task,
        "input",
        "output",
        IntStream.range(0, features)
            .mapToObj(i -> new ModelDescriptor.Feature("f" + i, ModelDescriptor.Kind.NUMERIC))
            .toList(),
        classes,
        Map.of());
  }

  private static byte[] model(
      DataType input,
      DataType output,
      int outputColumns,
      List<OnnxMl.NodeProto> nodes,
      OnnxMl.TensorProto initializer) {
    int inputColumns = initializer == null ? outputColumns : (int) initializer.getDims(0);
    return model(input, output, outputColumns, nodes, initializer, inputColumns);
  }

  private static byte[] model(
      DataType input,
      DataType output,
      int outputColumns,
      List<OnnxMl.NodeProto> nodes,
      OnnxMl.TensorProto initializer,
      int inputColumns) {
    OnnxMl.GraphProto.Builder graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("typed")
            .addInput(value("input", input, inputColumns))
            .addOutput(value("output", output, outputColumns))
            .addAllNode(nodes);
    if (initializer != null) {
      graph.addInitializer(initializer);
    }
    return modelOf(graph.build());
  }

  /** The graph as a model of ONNX opset 13 and ONNX-ML opset 2 (LabelEncoder's). */
  private static byte[] modelOf(OnnxMl.GraphProto graph) {
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(7)
        .setProducerName("driftwatch-tests")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .addOpsetImport(
            OnnxMl.OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(2))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  private static OnnxMl.ValueInfoProto value(String name, DataType type, int columns) {
    OnnxMl.TensorShapeProto shape =
        OnnxMl.TensorShapeProto.newBuilder()
            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
            .addDim(
                columns == UNKNOWN
                    ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("width")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(columns))
            .build();
    return value(name, type, shape);
  }

  /** A {@code [batch]} tensor of {@code type}. */
  private static OnnxMl.ValueInfoProto vector(String name, DataType type) {
    return value(
        name,
        type,
        OnnxMl.TensorShapeProto.newBuilder()
            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
            .build());
  }

  private static OnnxMl.ValueInfoProto value(
      String name, DataType type, OnnxMl.TensorShapeProto shape) {
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(shape)))
        .build();
  }

  /** A node of operator {@code op} (ONNX's default domain) taking {@code inputs}. */
  private static OnnxMl.NodeProto.Builder node(String op, String output, String... inputs) {
    return OnnxMl.NodeProto.newBuilder()
        .setOpType(op)
        .addAllInput(List.of(inputs))
        .addOutput(output);
  }

  private static OnnxMl.AttributeProto intAttribute(String name, long value) {
    return OnnxMl.AttributeProto.newBuilder()
        .setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static OnnxMl.NodeProto cast(String from, String to, DataType type) {
    return node("Cast", to, from).addAttribute(intAttribute("to", type.getNumber())).build();
  }

  private static OnnxMl.NodeProto matMul(String input, String weights) {
    return node("MatMul", "output", input, weights).build();
  }

  private static OnnxMl.TensorProto.Builder tensor(String name, DataType type, long[] dims) {
    OnnxMl.TensorProto.Builder tensor =
        OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    return tensor;
  }

  private static OnnxMl.TensorProto floatTensor(String name, long[] dims, float... values) {
    OnnxMl.TensorProto.Builder tensor = tensor(name, DataType.FLOAT, dims);
    for (float value : values) {
      tensor.addFloatData(value);
    }
    return tensor.build();
  }
}
