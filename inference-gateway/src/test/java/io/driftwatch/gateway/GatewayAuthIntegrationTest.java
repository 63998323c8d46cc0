package io.driftwatch.gateway;

import static io.driftwatch.gateway.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.DemoModel;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bearer tokens over real HTTP on the demo model in ONNX Runtime: an inference token opens infer,
 * metadata and feedback, an admin token the repository endpoints, health and {@code /metrics} stay
 * open. Tokens come from token files, as {@code driftwatch gateway} reads them. The gateway logs to
 * a real in-process broker ({@link GatewayBroker}).
 */
class GatewayAuthIntegrationTest {

  private static final String MODEL = DemoModel.NAME;
  private static final String INFERENCE_TOKEN = "inference-token-0123456789";
  private static final String ADMIN_TOKEN = "admin-token-0123456789abc";
  private static final String UNKNOWN_TOKEN = "unknown-token-0123456789";
  private static final String METRICS_TOKEN = "metrics-token-0123456789";

  @TempDir static Path work;
  private static GatewayBroker broker;
  private static InferenceGateway gateway;
  private static GatewayClient client;
  private static String inferBody;

  @BeforeAll
  static void startGatewayWithInferenceAndAdminTokenFiles() throws Exception {
    broker = GatewayBroker.start(work.resolve("kafka"));
    Path repository = work.resolve("models");
    Path version = DemoModel.writeRepository(repository);
    ModelDescriptor descriptor = ModelDescriptor.read(version.resolve(ModelDescriptor.FILE_NAME));
    inferBody =
        """
        {"inputs": [{"name": "%s", "shape": [1, 4], "datatype": "FP32",
                     "data": [10.9, 10.6, 2.8, 4.5]}]}
        """
            .formatted(descriptor.inputName());
    Path inferenceTokens =
        Files.writeString(
            work.resolve("inference.tokens"),
            "# clients of the demo\n\nanother-client-token-0000\n" + INFERENCE_TOKEN + "\n");
    Path adminTokens = Files.writeString(work.resolve("admin.tokens"), ADMIN_TOKEN + "\n");
    AccessControl access =
        AccessControl.fromFiles(
            Optional.of(inferenceTokens), Optional.of(adminTokens), Optional.empty());
    gateway = start(repository, access);
    client = new GatewayClient(gateway.port());
  }

  @AfterAll
  static void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private static InferenceGateway start(Path repository, AccessControl access) throws Exception {
    return InferenceGateway.start(
        GatewayConfig.defaults(repository, broker.bootstrapServers())
            .withPort(0)
            .withDevice(Device.CPU),
        GatewayOperations.DEFAULTS.withAccess(access),
        Clock.systemUTC());
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static HttpResponse<String> call(String endpoint, String... headers) throws Exception {
    String[] methodAndPath = endpoint.split(" ", 2);
    String path = methodAndPath[1].replace("{m}", MODEL);
    if (methodAndPath[0].equals("GET")) {
      return client.get(path, headers);
    }
    String body =
        path.endsWith("/infer")
            ? inferBody
            : path.equals("/v1/feedback") ? "{\"id\": \"r-1\", \"label\": \"rain\"}" : "";
    return headers.length == 0 ? client.post(path, body) : client.post(path, body, headers);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POST /v2/models/{m}/infer",
        "POST /v2/models/{m}/versions/1/infer",
        "GET /v2",
        "GET /v2/models/{m}",
        "GET /v2/models/{m}/versions/1",
        "GET /v2/models/{m}/ready",
        "POST /v1/feedback",
        "POST /v2/repository/index",
        "POST /v2/repository/models/{m}/load",
        "POST /v2/repository/models/{m}/unload",
        "GET /v2/repository/models/{m}/traffic",
        "POST /v2/repository/models/{m}/traffic",
        "POST /v2/repository/models/{m}/rollback"
      })
  void everyGuardedEndpointAnswers401WithABearerChallengeWithoutAToken(String endpoint)
      throws Exception {
    HttpResponse<String> response = call(endpoint);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"driftwatch\"");
    assertThat(json(response).get("error").asText()).isEqualTo("a bearer token is required");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POST /v2/models/{m}/infer",
        "GET /v2/models/{m}",
        "POST /v1/feedback",
        "POST /v2/repository/index",
        "POST /v2/repository/models/{m}/unload"
      })
  void anUnknownTokenIsAnswered401AsAnInvalidToken(String endpoint) throws Exception {
    HttpResponse<String> response = call(endpoint, bearer(UNKNOWN_TOKEN));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
    assertThat(response.body()).doesNotContain(UNKNOWN_TOKEN);
  }

  @Test
  void aTokenWithoutTheBearerSchemeIsNoToken() throws Exception {
    HttpResponse<String> basic = call("GET /v2/models/{m}", "Authorization", INFERENCE_TOKEN);

    assertThat(basic.statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /v2",
        "GET /v2/models/{m}",
        "GET /v2/models/{m}/versions/1",
        "GET /v2/models/{m}/ready"
      })
  void anInferenceTokenOpensMetadataAndReadiness(String endpoint) throws Exception {
    assertThat(call(endpoint, bearer(INFERENCE_TOKEN)).statusCode()).isEqualTo(200);
  }

  @Test
  void anInferenceTokenOpensInferAndFeedback() throws Exception {
    HttpResponse<String> infer = call("POST /v2/models/{m}/infer", bearer(INFERENCE_TOKEN));
    HttpResponse<String> feedback = call("POST /v1/feedback", bearer(INFERENCE_TOKEN));

    assertThat(infer.statusCode()).isEqualTo(200);
    assertThat(json(infer).get("model_name").asText()).isEqualTo(MODEL);
    assertThat(feedback.statusCode()).isEqualTo(202);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POST /v2/repository/index",
        "POST /v2/repository/models/{m}/load",
        "GET /v2/repository/models/{m}/traffic",
        "POST /v2/repository/models/{m}/rollback"
      })
  void anInferenceTokenIsForbiddenTheAdminEndpoints(String endpoint) throws Exception {
    HttpResponse<String> response = call(endpoint, bearer(INFERENCE_TOKEN));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"", "scope=\"admin\"");
    assertThat(json(response).get("error").asText())
        .isEqualTo("the bearer token does not grant the admin scope");
  }

  @Test
  void anInferenceTokenCannotUnloadTheModelItServes() throws Exception {
    HttpResponse<String> unload =
        call("POST /v2/repository/models/{m}/unload", bearer(INFERENCE_TOKEN));

    assertThat(unload.statusCode()).isEqualTo(403);
    assertThat(call("GET /v2/models/{m}/ready", bearer(INFERENCE_TOKEN)).statusCode())
        .as("still loaded")
        .isEqualTo(200);
  }

  @Test
  void anAdminTokenIsForbiddenInferAndFeedback() throws Exception {
    assertThat(call("POST /v2/models/{m}/infer", bearer(ADMIN_TOKEN)).statusCode()).isEqualTo(403);
    assertThat(call("POST /v1/feedback", bearer(ADMIN_TOKEN)).statusCode()).isEqualTo(403);
  }

  @Test
  void anAdminTokenOpensTheRepositoryEndpoints() throws Exception {
    HttpResponse<String> index = call("POST /v2/repository/index", bearer(ADMIN_TOKEN));
    HttpResponse<String> traffic =
        call("GET /v2/repository/models/{m}/traffic", bearer(ADMIN_TOKEN));
    HttpResponse<String> load = call("POST /v2/repository/models/{m}/load", bearer(ADMIN_TOKEN));

    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(json(index).get(0).get("state").asText()).isEqualTo("READY");
    assertThat(traffic.statusCode()).isEqualTo(200);
    assertThat(json(traffic).get("champion").asText()).isEqualTo("1");
    assertThat(load.statusCode()).isEqualTo(200);
  }

  @Test
  void refusalsAreCountedByScopeAndStatus() throws Exception {
    call("POST /v2/repository/index", bearer(INFERENCE_TOKEN));

    assertThat(client.get("/metrics").body())
        .containsPattern("gateway_auth_refused_total\\{code=\"403\",scope=\"admin\"} [1-9]");
  }

  @Test
  void healthAndMetricsStayOpenWithoutMetricsTokens() throws Exception {
    assertThat(client.get("/v2/health/live").statusCode()).isEqualTo(200);
    assertThat(client.get("/v2/health/ready").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = client.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_threads_live_threads");
  }

  @Test
  void metricsTokensGuardMetricsButNotHealth() throws Exception {
    AccessControl access = AccessControl.of(List.of(), List.of(), List.of(METRICS_TOKEN));
    try (InferenceGateway guarded = start(work.resolve("models"), access)) {
      GatewayClient scraper = new GatewayClient(guarded.port());

      assertThat(scraper.get("/metrics").statusCode()).isEqualTo(401);
      assertThat(scraper.get("/metrics", bearer(INFERENCE_TOKEN)).statusCode()).isEqualTo(401);
      assertThat(scraper.get("/metrics", bearer(METRICS_TOKEN)).statusCode()).isEqualTo(200);
      assertThat(scraper.get("/v2/health/ready").statusCode()).isEqualTo(200);
      assertThat(scraper.get("/v2/models/" + MODEL).statusCode())
          .as("no inference tokens: inference stays open")
          .isEqualTo(200);
    }
  }

  @Test
  void withoutTokensEveryEndpointStaysOpen() throws Exception {
    try (InferenceGateway open = start(work.resolve("models"), AccessControl.OPEN)) {
      GatewayClient anyone = new GatewayClient(open.port());

      assertThat(anyone.post("/v2/models/" + MODEL + "/infer", inferBody).statusCode())
          .isEqualTo(200);
      assertThat(anyone.post("/v2/repository/index", "").statusCode()).isEqualTo(200);
      assertThat(anyone.get("/metrics").statusCode()).isEqualTo(200);
    }
  }
}
