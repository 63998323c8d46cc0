package io.driftwatch.gateway;

import static io.driftwatch.gateway.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.driftwatch.training.DemoModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's default device, {@code auto}, on a machine without a usable GPU (as CI is): real
 * ONNX Runtime tries the CUDA execution provider, fails, logs why and serves on the CPU. It is
 * skipped where CUDA does open (a GPU machine built with {@code -Pgpu}). The gateway logs to a real
 * in-process broker ({@link GatewayBroker}).
 */
class GatewayDeviceAutoIntegrationTest {

  @TempDir Path work;

  private static boolean cudaOpens(Path modelFile) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession session =
        new SessionFactory(environment, Device.CUDA).open(modelFile).session()) {
      return true;
    } catch (OrtException e) {
      return false;
    }
  }

  @Test
  void theGatewaysDefaultDeviceIsAuto() {
    assertThat(GatewayConfig.defaults(work, "127.0.0.1:1").device()).isEqualTo(Device.AUTO);
  }

  @Test
  void withDeviceAutoAndNoGpuTheModelServesOnTheCpuAndTheLogSaysWhy() throws Exception {
    Path models = work.resolve("models");
    Path version = DemoModel.writeRepository(models);
    assumeFalse(cudaOpens(version.resolve("model.onnx")), "CUDA is available here");

    try (GatewayBroker broker = GatewayBroker.start(work.resolve("kafka"));
        CapturedLogs logs = CapturedLogs.attach();
        InferenceGateway gateway =
            InferenceGateway.start(
                GatewayConfig.defaults(models, broker.bootstrapServers()).withPort(0),
                Clock.systemUTC())) {
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
