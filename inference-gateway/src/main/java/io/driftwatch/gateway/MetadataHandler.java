package io.driftwatch.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Health, server and model metadata, model readiness and Triton's repository index. Not-ready
 * answers are 503 with {@code Retry-After}, as the product contract asks for every not-ready state.
 */
final class MetadataHandler {

  /** Server name in {@code GET /v2}. */
  static final String SERVER_NAME = "driftwatch";

  /** Protocol extensions the server supports. */
  static final List<String> EXTENSIONS = List.of("model_repository");

  /**
   * Model metadata parameter naming the execution provider that serves the version: {@code CPU} or
   * {@code CUDA}.
   */
  static final String EXECUTION_PROVIDER = "execution_provider";

  private final ModelRepository repository;
  private final Readiness readiness;
  private final BoundedBody body;
  private final ObjectMapper json;
  private final String serverVersion;

  MetadataHandler(
      ModelRepository repository,
      Readiness readiness,
      BoundedBody body,
      ObjectMapper json,
      String serverVersion) {
    this.repository = repository;
    this.readiness = readiness;
    this.body = body;
    this.json = InferRequestParser.strict(json);
    this.serverVersion = serverVersion;
  }

  record ServerMetadata(
      @JsonProperty("name") String name,
      @JsonProperty("version") String version,
      @JsonProperty("extensions") List<String> extensions) {}

  record ModelMetadata(
      @JsonProperty("name") String name,
      @JsonProperty("versions") List<String> versions,
      @JsonProperty("platform") String platform,
      @JsonProperty("inputs") List<TensorMetadata> inputs,
      @JsonProperty("outputs") List<TensorMetadata> outputs,
      @JsonProperty("parameters") Map<String, Object> parameters) {}

  record IndexEntry(
      @JsonProperty("name") String name,
      @JsonProperty("version") String version,
      @JsonProperty("state") String state,
      @JsonProperty("reason") String reason) {}

  void live(Context ctx) {
    ctx.status(200);
  }

  void ready(Context ctx) {
    if (readiness.isShuttingDown()) {
      throw GatewayException.unavailable("the gateway is shutting down");
    }
    if (!repository.allModelsServing()) {
      throw GatewayException.unavailable("not every model has a loaded version");
    }
    ctx.status(200);
  }

  void server(Context ctx) {
    ctx.json(new ServerMetadata(SERVER_NAME, serverVersion, EXTENSIONS));
  }

  void model(Context ctx) {
    String name = ctx.pathParam("model");
    Optional<String> version = InferenceHandler.version(ctx);
    LoadedModel model = repository.resolve(name, version);
    List<String> versions = version.map(List::of).orElseGet(() -> repository.readyVersions(name));
    ctx.json(
        new ModelMetadata(
            name,
            versions,
            LoadedModel.PLATFORM,
            model.inputMetadata(),
            model.outputMetadata(),
            parameters(model)));
  }

  void modelReady(Context ctx) {
    VersionState state = repository.state(ctx.pathParam("model"), InferenceHandler.version(ctx));
    if (readiness.isShuttingDown() || !state.isReady()) {
      throw GatewayException.unavailable(
          "model '"
              + state.model()
              + "' version "
              + state.version()
              + " is not ready"
              + reason(state));
    }
    ctx.status(200);
  }

  /** {@code POST /v2/repository/index}, optionally filtered by {@code {"ready": true}}. */
  void index(Context ctx) {
    boolean readyOnly = readyOnly(body.readJson(ctx));
    ctx.json(
        repository.index().stream()
            .filter(v -> !readyOnly || v.isReady())
            .map(v -> new IndexEntry(v.model(), v.version(), v.state(), v.reason()))
            .toList());
  }

  private boolean readyOnly(byte[] request) {
    if (request.length == 0
        || new String(request, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return false;
    }
    JsonNode root = InferRequestParser.readTree(json, request);
    JsonNode ready = root.get("ready");
    if (!root.isObject() || (ready != null && !ready.isBoolean())) {
      throw GatewayException.badRequest("repository index request must be {\"ready\": true|false}");
    }
    return ready != null && ready.asBoolean();
  }

  private static Map<String, Object> parameters(LoadedModel model) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put(EXECUTION_PROVIDER, model.provider());
    model
        .batching()
        .ifPresent(
            b -> {
              // Scalars, as the protocol's parameters are, only for a version that batches.
              parameters.put("max_batch_size", b.maxBatchSize());
              parameters.put("max_queue_delay_microseconds", b.maxQueueDelayMicros());
              parameters.put("max_queue_size", b.maxQueueSize());
            });
    return parameters;
  }

  private static String reason(VersionState state) {
    return state.reason().isEmpty() ? "" : ": " + state.reason();
  }
}
