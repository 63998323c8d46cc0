package io.driftwatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.training.DemoModel;
import io.driftwatch.training.ModelRepositoryWriter;
import io.driftwatch.training.WeatherDataset;
import io.driftwatch.training.WeatherObservation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CsvProfiler} running real models with ONNX Runtime on the bundled weather CSV (2,922 rows,
 * so three batches): the demo classifier, which answers probabilities, and the same graph ending in
 * its class per row, as scikit-learn's exports write {@code output_label}: the class name (STRING)
 * or the class's index (INT64), and the graph taking float64. All must find the same classes for
 * the same rows.
 */
class CsvProfilerTest {

  @TempDir static Path work;
  private static Path repository;
  private static Path csv;
  private static Path probabilities;
  private static ModelDescriptor demo;

  @BeforeAll
  static void writeModelsAndCsv() throws IOException {
    repository = work.resolve("repo");
    probabilities = DemoModel.writeRepository(repository);
    demo = ModelDescriptor.read(probabilities.resolve(ModelDescriptor.FILE_NAME));
    csv = work.resolve("weather.csv");
    try (InputStream bundled = WeatherDataset.class.getResourceAsStream(WeatherDataset.RESOURCE)) {
      Files.copy(bundled, csv);
    }
  }

  @Test
  void aClassifierAnsweringItsClassNameProfilesTheClassesItsProbabilitiesGive() throws Exception {
    ReferenceProfile fromProbabilities = profile(demo, probabilities);
    ModelDescriptor names = withOutput(demo.classLabels());
    Path version = write("2", classPerRow(true), names);

    ReferenceProfile fromNames = profile(names, version);

    assertThat(classes(fromNames)).isEqualTo(classes(fromProbabilities)).hasSizeGreaterThan(1);
    assertThat(fromNames.output("class").orElseThrow().count()).isEqualTo(2922);
    assertThat(fromProbabilities.output("score").orElseThrow().valid()).isEqualTo(2922);
    assertThat(fromNames.output("score").orElseThrow().valid())
        .as("a class per row has no score")
        .isZero();
  }

  @Test
  void aClassifierAnsweringItsClassIndexProfilesItInDecimal() throws Exception {
    Map<String, Long> byName = classes(profile(demo, probabilities));
    List<String> indices =
        IntStream.range(0, demo.classLabels().size()).mapToObj(Integer::toString).toList();
    ModelDescriptor numbers = withOutput(indices);
    Path version = write("3", classPerRow(false), numbers);

    Map<String, Long> byIndex = classes(profile(numbers, version));

    assertThat(byIndex)
        .isEqualTo(
            byName.entrySet().stream()
                .collect(
                    Collectors.toMap(
                        e -> Integer.toString(demo.classLabels().indexOf(e.getKey())),
                        Map.Entry::getValue,
                        Long::sum,
                        TreeMap::new)));
  }

  @Test
  void aModelTakingFloat64GetsTheSameAnswers() throws Exception {
    ReferenceProfile fromFloats = profile(demo, probabilities);
    ModelDescriptor doubles = withInput("cast_input");
    Path version = write("4", castInput(OnnxMl.TensorProto.DataType.DOUBLE), doubles);

    ReferenceProfile fromDoubles = profile(doubles, version);

    assertThat(classes(fromDoubles)).isEqualTo(classes(fromFloats));
    assertThat(fromDoubles.output("score").orElseThrow().valid()).isEqualTo(2922);
    // Features as the input holds them, which is what the gateway logs: float32 or as given.
    double wettest =
        WeatherDataset.bundled().all().stream()
            .mapToDouble(WeatherObservation::precipitation)
            .max()
            .orElseThrow();
    assertThat((double) (float) wettest).as("not a float32").isNotEqualTo(wettest);
    assertThat(precipitation(fromDoubles).max()).isEqualTo(wettest);
    assertThat(precipitation(fromFloats).max()).isEqualTo((float) wettest);
  }

  @Test
  void aRegressorsScoreIsTheFirstValueOfEachRowAsTheGatewayLogsIt() throws Exception {
    ModelDescriptor regressor =
        new ModelDescriptor(
            ModelDescriptor.Task.REGRESSION,
            demo.inputName(),
            demo.outputName(),
            demo.features(),
            List.of(),
            demo.lineage());

    ReferenceProfile profile = profile(regressor, probabilities);

    NumericReference score = (NumericReference) profile.output("score").orElseThrow();
    assertThat(score.valid()).isEqualTo(2922);
    assertThat(score.min())
        .as("the first class's probability, not the largest of five (never under 0.2)")
        .isBetween(0.0, 0.2);
    assertThat(profile.output("class")).isEmpty();
  }

  @Test
  void refusesAVersionTheGatewayWouldNotLoadWithTheGatewaysReason() throws Exception {
    Path version = write("6", classPerRow(false), withOutput(demo.classLabels()));

    assertThatThrownBy(() -> profile(withOutput(demo.classLabels()), version))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the gateway would not load this version: ")
        .hasMessageContaining("class_labels must be those integers in decimal");
  }

  @Test
  void refusesAModelWhoseInputIsNotFloatingPoint() throws Exception {
    ModelDescriptor integers = withInput("cast_input");
    Path version = write("5", castInput(OnnxMl.TensorProto.DataType.INT64), integers);

    assertThatThrownBy(() -> profile(integers, version))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model input cast_input is INT64")
        .hasMessageContaining("pass --class-column/--score-column");
  }

  @Test
  void refusesProbabilitiesThatDoNotMatchItsClassLabels() throws Exception {
    ModelDescriptor wrongWidth =
        new ModelDescriptor(
            demo.task(),
            demo.inputName(),
            demo.outputName(),
            demo.features(),
            List.of("only", "two"),
            demo.lineage());

    assertThatThrownBy(() -> profile(wrongWidth, probabilities))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the gateway would not load this version: output shape [-1, 5] does not match the"
                + " descriptor's 2 class_labels");
  }

  private static ReferenceProfile profile(ModelDescriptor descriptor, Path version)
      throws Exception {
    return new CsvProfiler(descriptor, version).profile(csv, null, null, DemoModel.NAME, "1");
  }

  private static NumericReference precipitation(ReferenceProfile profile) {
    return (NumericReference) profile.feature("precipitation").orElseThrow();
  }

  private static Map<String, Long> classes(ReferenceProfile profile) {
    CategoricalReference column = (CategoricalReference) profile.output("class").orElseThrow();
    return new TreeMap<>(column.sketch().frequencies());
  }

  private static ModelDescriptor withInput(String inputName) {
    return new ModelDescriptor(
        demo.task(),
        inputName,
        demo.outputName(),
        demo.features(),
        demo.classLabels(),
        demo.lineage());
  }

  private static ModelDescriptor withOutput(List<String> classLabels) {
    return new ModelDescriptor(
        demo.task(),
        demo.inputName(),
        "output_label",
        demo.features(),
        classLabels,
        demo.lineage());
  }

  private static Path write(String version, byte[] onnx, ModelDescriptor descriptor)
      throws IOException {
    return new ModelRepositoryWriter(repository)
        .write(DemoModel.NAME, version, onnx, null, descriptor);
  }

  /**
   * The demo graph with its probabilities' ArgMax as output {@code output_label}: the class index
   * (INT64 {@code [N]}), or through ONNX-ML's LabelEncoder the class name (STRING {@code [N]}).
   */
  private static byte[] classPerRow(boolean names) throws IOException {
    OnnxMl.ModelProto model = demoModel();
    OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
    String index = names ? "class_index" : "output_label";
    graph.addNode(
        OnnxMl.NodeProto.newBuilder()
            .setOpType("ArgMax")
            .addInput(demo.outputName())
            .addOutput(index)
            .addAttribute(integer("axis", 1))
            .addAttribute(integer("keepdims", 0)));
    if (names) {
      OnnxMl.AttributeProto.Builder keys =
          OnnxMl.AttributeProto.newBuilder()
              .setName("keys_int64s")
              .setType(OnnxMl.AttributeProto.AttributeType.INTS);
      OnnxMl.AttributeProto.Builder values =
          OnnxMl.AttributeProto.newBuilder()
              .setName("values_strings")
              .setType(OnnxMl.AttributeProto.AttributeType.STRINGS);
      for (int i = 0; i < demo.classLabels().size(); i++) {
        keys.addInts(i);
        values.addStrings(ByteString.copyFromUtf8(demo.classLabels().get(i)));
      }
      graph.addNode(
          OnnxMl.NodeProto.newBuilder()
              .setOpType("LabelEncoder")
              .setDomain("ai.onnx.ml")
              .addInput(index)
              .addOutput("output_label")
              .addAttribute(keys)
              .addAttribute(values));
    }
    graph
        .clearOutput()
        .addOutput(
            valueOf(
                "output_label",
                names ? OnnxMl.TensorProto.DataType.STRING : OnnxMl.TensorProto.DataType.INT64,
                1));
    OnnxMl.ModelProto.Builder result = model.toBuilder().setGraph(graph);
    if (result.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals("ai.onnx.ml"))) {
      result.addOpsetImport(
          OnnxMl.OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(2));
    }
    return result.build().toByteArray();
  }

  /** The demo graph taking {@code cast_input [N, 4]} of {@code type}, cast to its FP32 input. */
  private static byte[] castInput(OnnxMl.TensorProto.DataType type) throws IOException {
    OnnxMl.ModelProto model = demoModel();
    OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
    graph.setInput(0, valueOf("cast_input", type, 2));
    graph.addNode(0, cast("cast_input", demo.inputName()));
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }

  private static OnnxMl.ModelProto demoModel() throws IOException {
    return OnnxMl.ModelProto.parseFrom(
        Files.readAllBytes(probabilities.resolve(ModelRepositoryWriter.MODEL_FILE)));
  }

  private static OnnxMl.NodeProto cast(String from, String to) {
    return OnnxMl.NodeProto.newBuilder()
        .setOpType("Cast")
        .addInput(from)
        .addOutput(to)
        .addAttribute(integer("to", OnnxMl.TensorProto.DataType.FLOAT.getNumber()))
        .build();
  }

  /** A tensor of {@code [batch]} ({@code rank} 1) or {@code [batch, features]} (rank 2). */
  private static OnnxMl.ValueInfoProto valueOf(
      String name, OnnxMl.TensorProto.DataType type, int rank) {
    OnnxMl.TensorShapeProto.Builder shape =
        OnnxMl.TensorShapeProto.newBuilder()
            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    if (rank == 2) {
      shape.addDim(
          OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(demo.features().size()));
    }
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

  private static OnnxMl.AttributeProto integer(String name, long value) {
    return OnnxMl.AttributeProto.newBuilder()
        .setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }
}
