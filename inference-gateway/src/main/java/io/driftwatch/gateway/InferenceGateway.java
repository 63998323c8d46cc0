package io.driftwatch.gateway;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.SingleObjectCodec;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference gateway: serves every model of a repository over the Open Inference Protocol v2
 * (Javalin on Jetty), logs every infer request to Kafka topic {@link
 * GatewayConfig#predictionsTopic()} and feedback to {@link GatewayConfig#labelsTopic()}, and
 * exposes Prometheus metrics on {@code /metrics}. Owns its sessions, producer and server; {@link
 * #close} releases them in reverse order of creation. Thread-safe.
 */
public final class InferenceGateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InferenceGateway.class);

  /** Tag keys of the prediction log's and model events' meters. */
  private static final List<String> MODEL_VERSION = List.of("model", "version");

  /** How long each closing step may wait: running inferences, queued events, producer flush. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Parts parts;
  private final Javalin http;
  private final AtomicBoolean closed = new AtomicBoolean();

  private InferenceGateway(Parts parts, Javalin http) {
    this.parts = parts;
    this.http = http;
  }

  /**
   * Loads the repository's models by their version policies, starts polling it when {@link
   * ModelLifecycle#repositoryPollInterval()} is set, binds the HTTP server and returns once it
   * serves. Kafka need not be reachable: events wait in memory (or are dropped and counted) until
   * it is.
   *
   * @param clock source of event times of predictions and labels
   * @throws IOException when the repository is not a directory or the address cannot be bound
   */
  public static InferenceGateway start(GatewayConfig config, Clock clock) throws IOException {
    return start(config, GatewayOperations.DEFAULTS, clock);
  }

  /**
   * As {@link #start(GatewayConfig, Clock)} with bearer-token access control, prediction-log
   * redaction and ONNX Runtime session settings.
   */
  public static InferenceGateway start(
      GatewayConfig config, GatewayOperations operations, Clock clock) throws IOException {
    return start(config, operations, clock, ProducerSettings.create(config.bootstrapServers()));
  }

  /** As {@link #start(GatewayConfig, Clock)} with a given producer, which the gateway then owns. */
  static InferenceGateway start(
      GatewayConfig config, Clock clock, Producer<String, byte[]> producer) throws IOException {
    return start(config, GatewayOperations.DEFAULTS, clock, producer);
  }

  /** As {@link #start(GatewayConfig, GatewayOperations, Clock)} with a given producer. */
  static InferenceGateway start(
      GatewayConfig config,
      GatewayOperations operations,
      Clock clock,
      Producer<String, byte[]> producer)
      throws IOException {
    Parts parts = new Parts(producer);
    try {
      parts.open(config, operations, clock);
      ObjectMapper json = new ObjectMapper();
      BoundedBody body = new BoundedBody(config.maxBodyBytes());
      GatewayMetrics metrics = parts.metrics;
      GatewayRoutes routes =
          new GatewayRoutes(
              new MetadataHandler(parts.repository, parts.readiness, body, json, serverVersion()),
              new InferenceHandler(
                  new InferenceService(
                      parts.repository, new InferRequestParser(json), parts.shadows, metrics),
                  new InferenceRecorder(metrics, Optional.ofNullable(parts.predictionLog)),
                  metrics,
                  body,
                  clock,
                  operations.redaction()),
              new RepositoryHandler(parts.repository, body, json),
              new FeedbackHandler(new FeedbackParser(json), parts.labelLog, body, clock),
              parts.registry,
              new BearerAuth(operations.access(), parts.registry));
      Javalin http = bind(config, json, routes);
      LOG.info(
          "gateway serving {} on http://{}:{} ({}, {}, {})",
          config.modelRepository(),
          config.host(),
          http.port(),
          operations.access(),
          operations.redaction(),
          operations.sessions());
      return new InferenceGateway(parts, http);
    } catch (IOException | RuntimeException e) {
      parts.close();
      throw e;
    }
  }

  private static Javalin bind(GatewayConfig config, ObjectMapper json, GatewayRoutes routes)
      throws IOException {
    Javalin http =
        Javalin.create(
            javalin -> {
              javalin.showJavalinBanner = false;
              javalin.startupWatcherEnabled = false;
              javalin.http.maxRequestSize = config.maxBodyBytes();
              javalin.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              javalin.jsonMapper(new JavalinJackson(json, false));
              javalin.router.mount(routes::addTo);
            });
    try {
      return http.start(config.host(), config.port());
    } catch (RuntimeException e) {
      http.stop();
      throw new IOException(
          "cannot serve on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
  }

  private static String serverVersion() {
    Properties properties = new Properties();
    try (InputStream in = InferenceGateway.class.getResourceAsStream("gateway.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      LOG.debug("no gateway.properties: {}", e.getMessage());
    }
    return properties.getProperty("version", "unknown");
  }

  /** The bound port: the configured one, or the free port chosen for port 0. */
  public int port() {
    return http.port();
  }

  /**
   * Stops the HTTP server, then repository polling and shadow scoring, then closes the model
   * sessions, then hands queued events to Kafka and closes the producer, each step waiting at most
   * 5 s. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    parts.readiness.shutdownStarted();
    http.stop();
    parts.close();
    LOG.info("gateway stopped");
  }

  /** Everything but the HTTP server, created in order and closed in reverse order. */
  private static final class Parts {
    final Readiness readiness;
    final Producer<String, byte[]> producer;
    PrometheusMeterRegistry registry;
    JvmGcMetrics gcMetrics;

    /** Null when the prediction log is off. */
    EventLog<PredictionEvent> predictionLog;

    EventLog<LabelEvent> labelLog;
    EventLog<ModelEvent> modelEventLog;
    GatewayMetrics metrics;
    ModelRepository repository;
    ShadowScorer shadows;
    RepositoryPoller poller;

    Parts(Producer<String, byte[]> producer) {
      this.readiness = new Readiness();
      this.producer = producer;
    }

    void open(GatewayConfig config, GatewayOperations operations, Clock clock) throws IOException {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      gcMetrics = new JvmGcMetrics();
      gcMetrics.bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      new FileDescriptorMetrics().bindTo(registry);
      SingleObjectCodec<PredictionEvent> predictions = SingleObjectCodec.predictions();
      if (config.predictionLog()) {
        predictionLog =
            EventLog.start(
                new EventLog.Spec<>(
                    config.predictionsTopic(),
                    "gateway.prediction.log",
                    PredictionEvent::getModel,
                    // Redacted before encoding, so no path to Kafka (answers, shadows) skips it.
                    event -> predictions.encode(operations.redaction().apply(event)),
                    MODEL_VERSION,
                    e -> List.of(e.getModel(), e.getVersion()),
                    config.predictionLogCapacity()),
                producer,
                registry);
      }
      SingleObjectCodec<LabelEvent> labels = SingleObjectCodec.labels();
      labelLog =
          EventLog.start(
              new EventLog.Spec<>(
                  config.labelsTopic(),
                  "gateway.feedback.log",
                  LabelEvent::getRequestId,
                  labels::encode,
                  List.of(),
                  e -> List.of(),
                  config.predictionLogCapacity()),
              producer,
              registry);
      SingleObjectCodec<ModelEvent> modelEvents = SingleObjectCodec.modelEvents();
      modelEventLog =
          EventLog.start(
              new EventLog.Spec<>(
                  config.modelEventsTopic(),
                  "gateway.model.events",
                  ModelEvents::key,
                  modelEvents::encode,
                  MODEL_VERSION,
                  e -> List.of(e.getModel(), e.getVersion()),
                  config.predictionLogCapacity()),
              producer,
              registry);
      metrics = new GatewayMetrics(registry);
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      ModelLifecycle lifecycle = config.lifecycle();
      // Every load, failed load and unload, from the first one on, goes to model-events.
      repository =
          ModelRepository.open(
              config.modelRepository(),
              ModelRepository.onnxLoader(
                  environment,
                  new SessionFactory(environment, config.device(), operations.sessions()),
                  Batching.of(config.batching(), metrics)),
              lifecycle.defaultVersionPolicy(),
              modelEventLog::offer,
              clock);
      shadows =
          new ShadowScorer(
              lifecycle.shadowQueueCapacity(), Optional.ofNullable(predictionLog), metrics);
      if (!lifecycle.repositoryPollInterval().isZero()) {
        poller = RepositoryPoller.start(repository, lifecycle.repositoryPollInterval());
      }
    }

    void close() {
      if (poller != null) {
        poller.close(CLOSE_TIMEOUT);
      }
      if (shadows != null) {
        shadows.close(CLOSE_TIMEOUT);
      }
      if (repository != null) {
        repository.close(CLOSE_TIMEOUT);
      }
      if (predictionLog != null) {
        predictionLog.close(CLOSE_TIMEOUT);
      }
      if (labelLog != null) {
        labelLog.close(CLOSE_TIMEOUT);
      }
      if (modelEventLog != null) {
        modelEventLog.close(CLOSE_TIMEOUT);
      }
      try {
        producer.close(CLOSE_TIMEOUT);
      } catch (RuntimeException e) {
        LOG.warn("closing the Kafka producer failed: {}", e.toString());
      }
      if (gcMetrics != null) {
        gcMetrics.close();
      }
      if (registry != null) {
        registry.close();
      }
    }
  }
}
