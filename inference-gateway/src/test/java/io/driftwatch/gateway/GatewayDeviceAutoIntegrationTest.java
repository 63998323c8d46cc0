package io.driftwatch.gateway;

import static io.driftwatch.gateway.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.training.DemoModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's default device, {@code auto}, on a machine without a usable GPU (as CI is): real
 * ONNX Runtime tries the CUDA execution provider, fails, logs why and serves on the CPU. Kafka is a
 * {@link MockProducer}: the prediction log is not what this test is about.
 */
class GatewayDeviceAutoIntegrationTest {

  @TempDir Path work;

  @Test
  void withDeviceAutoAndNoGpuTheModelServesOnTheCpuAndTheLogSaysWhy() throws Exception {
    Path models = work.resolve("models");
    Path version = DemoModel.writeRepository(models);
    GatewayConfig config = GatewayConfig.defaults(models, "127.0.0.1:1").withPort(0);
    assertThat(config.device()).isEqualTo(Device.AUTO);
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    try (CapturedLogs logs = CapturedLogs.attach();
        InferenceGateway gateway = InferenceGateway.start(config, Clock.systemUTC(), producer)) {
      GatewayClient client = new GatewayClient(gateway.port());
      HttpResponse<String> answer =
          client.post(
              "/v2/models/" + DemoModel.NAME + "/infer",
              """
              {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32",
               "data": [[10.9, 10.6, 2.8, 4.5]]}]}
              """);

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(
              json(client.get("/v2/models/" + DemoModel.NAME))
                  .get("parameters")
                  .get(MetadataHandler.EXECUTION_PROVIDER)
                  .asText())
          .isEqualTo("CPU");
      assertThat(logs.lines())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("CUDA unavailable for " + version.resolve("model.onnx"))
                      .contains("CUDA execution provider unavailable")
                      .endsWith("running it on the CPU"));
    }
  }
}
