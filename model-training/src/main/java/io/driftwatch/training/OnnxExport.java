package io.driftwatch.training;

import ai.onnx.proto.OnnxMl;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.ONNXExportable;

/**
 * A model exported to ONNX by Tribuo's {@link ONNXExportable}, made reproducible.
 *
 * <p>Tribuo embeds its provenance (with training timestamps, host and JVM details) as the model's
 * doc string and as the {@code TRIBUO_PROVENANCE} metadata entry. Those bytes change on every run,
 * so they are replaced by {@code docString} and by {@code metadata} (sorted by key); the graph
 * itself is kept exactly as Tribuo built it.
 *
 * @param bytes the serialized {@code ModelProto}
 * @param inputName the graph's only input, {@code float32 [batch, features]}
 * @param outputName the graph's only output, {@code float32 [batch, classes]}
 */
public record OnnxExport(byte[] bytes, String inputName, String outputName) {

  /** The ONNX model domain Driftwatch exports under. */
  public static final String DOMAIN = "io.driftwatch";

  /** Exports {@code model} with ONNX {@code model_version} {@code modelVersion}. */
  public static OnnxExport of(
      ONNXExportable model, long modelVersion, String docString, Map<String, String> metadata) {
    OnnxMl.ModelProto.Builder proto =
        model.exportONNXModel(DOMAIN, modelVersion).toBuilder()
            .setDocString(docString)
            .clearMetadataProps();
    new TreeMap<>(metadata)
        .forEach(
            (key, value) ->
                proto.addMetadataProps(
                    OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    OnnxMl.GraphProto graph = proto.getGraph();
    if (graph.getInputCount() != 1 || graph.getOutputCount() != 1) {
      throw new IllegalStateException(
          "expected one input and one output in the exported graph, got "
              + graph.getInputCount()
              + " and "
              + graph.getOutputCount());
    }
    return new OnnxExport(
        proto.build().toByteArray(), graph.getInput(0).getName(), graph.getOutput(0).getName());
  }
}
