package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.driftwatch.schemas.repository.ModelDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OneRowTensors} on real ONNX Runtime sessions of {@link TypedModels}. */
class OneRowTensorsTest {

  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
  private static final ModelDescriptor TWO_FEATURES = TypedModels.regressor(2);

  @TempDir Path directory;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private OrtSession session(byte[] model) throws Exception {
    Path file = Files.write(directory.resolve("model-" + opened.size() + ".onnx"), model);
    OrtSession session = new SessionFactory(ENVIRONMENT, Device.CPU).open(file).session();
    opened.add(session);
    return session;
  }

  private OneRowTensors tensors(OrtSession session, TensorDatatype input) throws Exception {
    TensorInfo output = (TensorInfo) session.getOutputInfo().get("output").getInfo();
    OneRowTensors tensors =
        OneRowTensors.of(ENVIRONMENT, "input", input, 2, "output", output).orElseThrow();
    opened.add(tensors);
    return tensors;
  }

  private static FeatureMatrix row(TensorDatatype model, TensorDatatype sent, double... values) {
    return FeatureMatrix.from(
        new InferRequest(
            Optional.empty(),
            List.of(new InputTensor("input", new long[] {1, 2}, sent, values)),
            List.of()),
        TWO_FEATURES,
        model);
  }

  @Test
  void answersEachRowWithItsOwnValuesWhenOnePairServesOneRunAfterAnother() throws Exception {
    OrtSession doubles = session(TypedModels.doubles()); // FP64 [N, 2] -> row sums FP64 [N, 1]
    OneRowTensors tensors = tensors(doubles, TensorDatatype.FP64);

    OneRowTensors.Pair pair = tensors.take();
    Object first = pair.run(doubles, row(TensorDatatype.FP64, TensorDatatype.FP64, 1.5, 2.25));
    tensors.give(pair);
    OneRowTensors.Pair again = tensors.take();
    Object second = again.run(doubles, row(TensorDatatype.FP64, TensorDatatype.FP64, -10, 0.125));
    tensors.give(again);

    assertThat(again).isSameAs(pair);
    assertThat((double[]) first).containsExactly(3.75);
    assertThat((double[]) second).containsExactly(-9.875);
    assertThat(tensors.made()).isEqualTo(1);
  }

  @Test
  void carriesExactInt64ValuesBeyondTheDoublesPrecision() throws Exception {
    OrtSession longs = session(TypedModels.longs()); // INT64: the first column, exactly
    OneRowTensors tensors = tensors(longs, TensorDatatype.INT64);
    long beyondDoubles = (1L << 53) + 1;
    FeatureMatrix row =
        FeatureMatrix.from(
            new InferRequest(
                Optional.empty(),
                List.of(
                    new InputTensor(
                        "input",
                        new long[] {1, 2},
                        TensorDatatype.INT64,
                        new double[] {beyondDoubles, 7},
                        List.of(),
                        new long[] {beyondDoubles, 7})),
                List.of()),
            TWO_FEATURES,
            TensorDatatype.INT64);

    OneRowTensors.Pair pair = tensors.take();
    Object answer = pair.run(longs, row);
    tensors.give(pair);

    assertThat((long[]) answer).containsExactly(beyondDoubles);
  }

  @Test
  void convertsTheRowToTheModelsInputTypeAsTheAllocatingPathDoes() throws Exception {
    OrtSession counts = session(TypedModels.counts()); // INT64 in, times [0.5, 0.25], FP32 out
    OneRowTensors tensors = tensors(counts, TensorDatatype.INT64);

    OneRowTensors.Pair pair = tensors.take();
    Object answer = pair.run(counts, row(TensorDatatype.INT64, TensorDatatype.FP32, 4, 8));
    tensors.give(pair);

    assertThat((float[]) answer).containsExactly(4f);
  }

  @Test
  void makesAtMostCapacityPairsAndThenSaysNoneIsFree() throws Exception {
    OrtSession doubles = session(TypedModels.doubles());
    OneRowTensors tensors = tensors(doubles, TensorDatatype.FP64);
    List<OneRowTensors.Pair> taken = new ArrayList<>();
    for (int i = 0; i < OneRowTensors.CAPACITY; i++) {
      taken.add(tensors.take());
    }

    assertThat(taken).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(tensors.take()).isNull();

    tensors.give(taken.get(7));
    assertThat(tensors.take()).isSameAs(taken.get(7));
    assertThat(tensors.made()).isEqualTo(OneRowTensors.CAPACITY);
    taken.forEach(tensors::give);
  }

  @Test
  void closeFreesTheIdlePairs() throws Exception {
    OrtSession doubles = session(TypedModels.doubles());
    OneRowTensors tensors = tensors(doubles, TensorDatatype.FP64);
    OneRowTensors.Pair first = tensors.take();
    OneRowTensors.Pair second = tensors.take();
    tensors.give(first);
    tensors.give(second);

    tensors.close();

    assertThat(tensors.made()).isZero();
  }

  @Test
  void isNotOfferedForAnOutputWhoseOneRowSizeIsKnownOnlyWhenTheModelRuns() throws Exception {
    OrtSession unknownWidth = session(TypedModels.unknownWidth());
    TensorInfo output = (TensorInfo) unknownWidth.getOutputInfo().get("output").getInfo();

    assertThat(OneRowTensors.of(ENVIRONMENT, "input", TensorDatatype.FP32, 2, "output", output))
        .isEmpty();
  }
}
