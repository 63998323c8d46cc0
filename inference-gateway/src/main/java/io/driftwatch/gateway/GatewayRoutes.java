package io.driftwatch.gateway;

import io.javalin.router.JavalinDefaultRouting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one routing function of the gateway: every endpoint and the error mapping, shared by {@link
 * InferenceGateway} and the tests.
 */
record GatewayRoutes(
    MetadataHandler metadata,
    InferenceHandler inference,
    RepositoryHandler repository,
    FeedbackHandler feedback,
    PrometheusMeterRegistry registry,
    BearerAuth auth) {

  /** Content type of the Prometheus text exposition format. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** As the canonical constructor with every endpoint open. */
  GatewayRoutes(
      MetadataHandler metadata,
      InferenceHandler inference,
      RepositoryHandler repository,
      FeedbackHandler feedback,
      PrometheusMeterRegistry registry) {
    this(
        metadata,
        inference,
        repository,
        feedback,
        registry,
        new BearerAuth(AccessControl.OPEN, registry));
  }

  void addTo(JavalinDefaultRouting router) {
    router.before(auth::check);
    router.get("/v2/health/live", metadata::live);
    router.get("/v2/health/ready", metadata::ready);
    router.get("/v2", metadata::server);
    router.get("/v2/models/{model}", metadata::model);
    router.get("/v2/models/{model}/versions/{version}", metadata::model);
    router.get("/v2/models/{model}/ready", metadata::modelReady);
    router.get("/v2/models/{model}/versions/{version}/ready", metadata::modelReady);
    router.post("/v2/models/{model}/infer", inference::infer);
    router.post("/v2/models/{model}/versions/{version}/infer", inference::infer);
    router.post("/v2/repository/index", metadata::index);
    router.post("/v2/repository/models/{model}/load", repository::load);
    router.post("/v2/repository/models/{model}/unload", repository::unload);
    router.get("/v2/repository/models/{model}/traffic", repository::traffic);
    router.post("/v2/repository/models/{model}/traffic", repository::setTraffic);
    router.post("/v2/repository/models/{model}/rollback", repository::rollback);
    router.post("/v1/feedback", feedback::feedback);
    router.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
    ErrorResponses.addTo(router);
  }
}
