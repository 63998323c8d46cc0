package io.driftwatch.benchmarks.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.gateway.GatewayConfig;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

/**
 * The gateway's HTTP stack without the gateway: Javalin on Jetty configured as {@code
 * InferenceGateway} configures it (no banner, no startup watcher, the same request size limit, the
 * same Jackson mapper settings), answering {@code POST /v2/models/{model}/infer} by reading the
 * whole body and writing a fixed JSON answer through Jackson — the baseline a gateway request costs
 * before parsing, inference and logging. Keep it in step with {@code InferenceGateway.bind}.
 */
final class EchoServer implements AutoCloseable {

  private final Javalin http;

  private EchoServer(Javalin http) {
    this.http = http;
  }

  /** Serves {@code answer} on a free port of 127.0.0.1. */
  static EchoServer start(JsonNode answer) {
    ObjectMapper json = new ObjectMapper();
    Javalin http =
        Javalin.create(
            javalin -> {
              javalin.showJavalinBanner = false;
              javalin.startupWatcherEnabled = false;
              javalin.http.maxRequestSize = GatewayConfig.DEFAULT_MAX_BODY_BYTES;
              javalin.jsonMapper(new JavalinJackson(json, false));
              javalin.router.mount(
                  router ->
                      router.post(
                          "/v2/models/{model}/infer",
                          ctx -> {
                            ctx.bodyAsBytes();
                            ctx.json(answer);
                          }));
            });
    return new EchoServer(http.start("127.0.0.1", 0));
  }

  int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.stop();
  }
}
