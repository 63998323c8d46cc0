package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's own batching in its {@code config.json}, over the gateway's default. */
class BatchingConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BatchingConfig GATEWAY_ON = new BatchingConfig(16, 500, 100);

  @TempDir Path model;

  private BatchingConfig read(String config, BatchingConfig gateway) throws Exception {
    Files.writeString(ModelConfigFile.of(model), config);
    return BatchingConfig.read(model, JSON, gateway);
  }

  @Test
  void aModelWithoutConfigOrWithoutBatchingKeysTakesTheGatewaysBatching() throws Exception {
    assertThat(BatchingConfig.read(model, JSON, GATEWAY_ON)).isEqualTo(GATEWAY_ON);
    assertThat(read("{\"version_policy\": {\"all\": {}}}", GATEWAY_ON)).isEqualTo(GATEWAY_ON);
    assertThat(read("{\"dynamic_batching\": null}", BatchingConfig.OFF))
        .isEqualTo(BatchingConfig.OFF);
  }

  @Test
  void aDynamicBatchingBlockTurnsBatchingOnWithItsOwnValuesOverTheGatewaysDefault()
      throws Exception {
    BatchingConfig own =
        read(
            """
            {"max_batch_size": 32, "dynamic_batching": {"max_queue_delay_microseconds": 200,
             "preferred_batch_size": [8, 16], "default_queue_policy": {"max_queue_size": 7}}}
            """,
            BatchingConfig.OFF);

    assertThat(own).isEqualTo(new BatchingConfig(32, 200, 7));
    assertThat(own.enabled()).isTrue();
  }

  @Test
  void keysTheBlockLeavesOutComeFromTheGateway() throws Exception {
    assertThat(read("{\"dynamic_batching\": {}}", GATEWAY_ON)).isEqualTo(GATEWAY_ON);
    assertThat(read("{\"max_batch_size\": 4, \"dynamic_batching\": {}}", GATEWAY_ON))
        .isEqualTo(new BatchingConfig(4, 500, 100));
  }

  @Test
  void maxBatchSizeAloneCapsTheGatewaysBatchingOrOptsOutButTurnsNoneOn() throws Exception {
    assertThat(read("{\"max_batch_size\": 4}", GATEWAY_ON))
        .isEqualTo(new BatchingConfig(4, 500, 100));
    assertThat(read("{\"max_batch_size\": 64}", GATEWAY_ON))
        .as("a cap above the gateway's leaves the gateway's")
        .isEqualTo(GATEWAY_ON);
    assertThat(read("{\"max_batch_size\": 0}", GATEWAY_ON).enabled()).isFalse();
    assertThat(read("{\"max_batch_size\": 1}", GATEWAY_ON).enabled()).isFalse();
    assertThat(read("{\"max_batch_size\": 8}", BatchingConfig.OFF)).isEqualTo(BatchingConfig.OFF);
  }

  @Test
  void integersMayBeStringsOfDigitsAsProtobufJsonWritesThem() throws Exception {
    assertThat(
            read(
                """
                {"max_batch_size": "32", "dynamic_batching":
                 {"max_queue_delay_microseconds": "200"}}
                """,
                GATEWAY_ON))
        .isEqualTo(new BatchingConfig(32, 200, 100));
  }

  @Test
  void aBlockWithoutARowToBatchRunsEachRequestAloneAndSaysWhy() throws Exception {
    try (CapturedLogs logs = CapturedLogs.attach()) {
      assertThat(read("{\"dynamic_batching\": {}}", BatchingConfig.OFF).enabled()).isFalse();
      assertThat(read("{\"max_batch_size\": 1, \"dynamic_batching\": {}}", GATEWAY_ON).enabled())
          .isFalse();

      assertThat(logs.lines())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains(ModelConfigFile.of(model).toString())
                      .contains(
                          "dynamic_batching needs a max_batch_size of at least 2, and the file"
                              + " sets none while --max-batch-size is 1"))
          .anySatisfy(line -> assertThat(line).contains("the file sets 1"));
    }
  }

  @Test
  void tritonsUnboundedQueueTakesTheGatewaysBound() throws Exception {
    assertThat(
            read(
                "{\"max_batch_size\": 8, \"dynamic_batching\":"
                    + " {\"default_queue_policy\": {\"max_queue_size\": 0}}}",
                GATEWAY_ON))
        .isEqualTo(new BatchingConfig(8, 500, 100));
  }

  @Test
  void valuesOutOfRangeOrOfTheWrongTypeAreRefusedNamingTheirKey() {
    assertThatThrownBy(
            () ->
                read(
                    "{\"max_batch_size\": 8, \"dynamic_batching\":"
                        + " {\"default_queue_policy\": {\"max_queue_size\": -1}}}",
                    GATEWAY_ON))
        .hasMessageEndingWith(
            "dynamic_batching.default_queue_policy.max_queue_size must be an integer"
                + " 0..1000000, was -1");
    assertThatThrownBy(
            () ->
                read("{\"dynamic_batching\": {\"max_queue_delay_microseconds\": -1}}", GATEWAY_ON))
        .hasMessageEndingWith(
            "dynamic_batching.max_queue_delay_microseconds must be an integer 0..10000000, was -1");
    assertThatThrownBy(() -> read("{\"max_batch_size\": \"eight\"}", GATEWAY_ON))
        .hasMessageEndingWith("max_batch_size must be an integer 0..65536, was \"eight\"");
    assertThatThrownBy(() -> read("{\"max_batch_size\": 18446744073709551624}", GATEWAY_ON))
        .hasMessageContaining("max_batch_size must be an integer");
    assertThatThrownBy(() -> read("{\"max_batch_size\": 2.5}", GATEWAY_ON))
        .hasMessageContaining("max_batch_size must be an integer");
    assertThatThrownBy(() -> read("{\"dynamic_batching\": true}", GATEWAY_ON))
        .hasMessageEndingWith("dynamic_batching must be an object, was true");
    assertThatThrownBy(
            () -> read("{\"dynamic_batching\": {\"default_queue_policy\": 3}}", GATEWAY_ON))
        .hasMessageEndingWith("dynamic_batching.default_queue_policy must be an object, was 3");
    assertThatThrownBy(() -> read("[1]", GATEWAY_ON))
        .hasMessageContaining("must hold a JSON object");
  }
}
