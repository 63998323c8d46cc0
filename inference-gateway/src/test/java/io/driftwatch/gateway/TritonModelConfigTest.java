package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.TextFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Triton's config.pbtxt, read into the JSON tree config.json holds. */
class TritonModelConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A configuration as Triton's documentation writes them, with fields the gateway skips. */
  private static final String TRITON_CONFIG =
      """
      name: "seattle-weather"
      platform: "onnxruntime_onnx"
      max_batch_size: 8
      version_policy: { latest: { num_versions: 1 } }
      input [
        {
          name: "input"
          data_type: TYPE_FP32
          dims: [ 4 ]
        }
      ]
      output [
        {
          name: "probabilities"
          data_type: TYPE_FP32
          dims: [ 5 ]
          label_filename: "labels.txt"
        }
      ]
      instance_group [ { count: 2, kind: KIND_CPU } ]
      dynamic_batching {
        preferred_batch_size: [ 4, 8 ]
        max_queue_delay_microseconds: 100
        default_queue_policy { max_queue_size: 16 }
      }
      parameters { key: "intra_op_thread_count" value: { string_value: "1" } }
      """;

  @TempDir Path model;

  @Test
  void readsTheFieldsTheGatewayUsesAndSkipsTheRest() throws Exception {
    assertThat(JSON.writeValueAsString(TritonModelConfig.parse(TRITON_CONFIG)))
        .isEqualTo(
            "{\"name\":\"seattle-weather\",\"platform\":\"onnxruntime_onnx\","
                + "\"version_policy\":{\"latest\":{\"num_versions\":1}},\"max_batch_size\":8,"
                + "\"dynamic_batching\":{\"preferred_batch_size\":[4,8],"
                + "\"max_queue_delay_microseconds\":100,"
                + "\"default_queue_policy\":{\"max_queue_size\":16}}}");
  }

  @Test
  void aFieldSetToItsDefaultIsStillThereAndAnEmptyPolicyMessageToo() throws Exception {
    assertThat(TritonModelConfig.parse("max_batch_size: 0\nversion_policy { all {} }").toString())
        .isEqualTo("{\"version_policy\":{\"all\":{}},\"max_batch_size\":0}");
    assertThat(
            TritonModelConfig.parse("version_policy: { specific: { versions: [1, 3] } }")
                .toString())
        .isEqualTo("{\"version_policy\":{\"specific\":{\"versions\":[1,3]}}}");
  }

  @Test
  void skipsUnknownFieldsInEveryTextFormatShapeAlsoInsideKnownBlocks() throws Exception {
    String config =
        """
        # comments, separators (also after skipped fields) and empty lists
        name: "a, b; # not a comment"
        backend: "onnxruntime"; default_model_filename: "model.onnx",
        input [ { name: "input" dims: [ -1 ] reshape: { shape: [ ] } } ],
        optimization < execution_accelerators { cpu_execution_accelerator: [] } >
        dynamic_batching {
          priority_levels: 2
          default_priority_level: 1
          max_queue_delay_microseconds: 50
          default_queue_policy { timeout_action: REJECT, max_queue_size: 4 };
          priority_queue_policy { key: 1 value: { max_queue_size: 2 } }
        }
        """;

    assertThat(TritonModelConfig.parse(config).toString())
        .isEqualTo(
            "{\"name\":\"a, b; # not a comment\",\"dynamic_batching\":"
                + "{\"max_queue_delay_microseconds\":50,\"default_queue_policy\":"
                + "{\"max_queue_size\":4}},\"backend\":\"onnxruntime\"}");
  }

  @Test
  void unsignedValuesAboveTheSignedRangeStayPositive() throws Exception {
    assertThat(
            TritonModelConfig.parse(
                    "version_policy { latest { num_versions: 4294967295 } }"
                        + " dynamic_batching { max_queue_delay_microseconds: 18446744073709551615 }")
                .toString())
        .isEqualTo(
            "{\"version_policy\":{\"latest\":{\"num_versions\":4294967295}},"
                + "\"dynamic_batching\":{\"max_queue_delay_microseconds\":18446744073709551615}}");
  }

  @Test
  void aModelDirectoryWithConfigPbtxtGetsItsPolicyAndBatching() throws Exception {
    Files.writeString(model.resolve(ModelConfigFile.TRITON_NAME), TRITON_CONFIG);

    assertThat(VersionPolicy.read(model, JSON, VersionPolicy.DEFAULT))
        .isEqualTo(new VersionPolicy.Latest(1));
    assertThat(BatchingConfig.read(model, JSON, BatchingConfig.OFF))
        .isEqualTo(new BatchingConfig(8, 100, 16));
  }

  @Test
  void textThatIsNotAModelConfigIsRefusedSayingWhere() throws Exception {
    assertThatThrownBy(() -> TritonModelConfig.parse("max_batch_size: \"eight\""))
        .isInstanceOf(TextFormat.ParseException.class)
        .hasMessageStartingWith("1:17:");
    Files.writeString(model.resolve(ModelConfigFile.TRITON_NAME), "dynamic_batching {");
    assertThatThrownBy(() -> BatchingConfig.read(model, JSON, BatchingConfig.OFF))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith(
            model.resolve(ModelConfigFile.TRITON_NAME) + " is not a Triton model configuration: ");
  }

  @Test
  void aModelWithBothFilesIsRefused() throws Exception {
    Files.writeString(model.resolve(ModelConfigFile.TRITON_NAME), "max_batch_size: 4");
    Files.writeString(model.resolve(ModelConfigFile.NAME), "{}");

    assertThatThrownBy(() -> VersionPolicy.read(model, JSON, VersionPolicy.DEFAULT))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(model + " has both config.pbtxt and config.json; keep one");
  }
}
