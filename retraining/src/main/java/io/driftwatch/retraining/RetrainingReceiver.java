package io.driftwatch.retraining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftwatch.stats.alerting.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retraining receiver's HTTP side: {@code POST /webhook} (Alertmanager webhook JSON, signed
 * with {@code X-Driftwatch-Signature} when a secret is set), {@code GET /status} (JSON: queue and
 * the most recent decisions, newest first) and {@code GET /health}.
 *
 * <p>Answers: 202 once the alerts are classified and queued (work happens on one background {@link
 * RetrainWorker}); 400 body not an Alertmanager webhook; 401 signature missing or wrong; 405 wrong
 * method; 413 body over {@code maxBodyBytes}; 503 with {@code Retry-After: 30} when the queue is
 * full for a model that has no pending job. Errors are {@code {"error": "..."}}. Requests are
 * served by two threads. {@link #close()} stops the server, then the worker (a running retrain is
 * interrupted), within about 10 s.
 */
public final class RetrainingReceiver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RetrainingReceiver.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RETRY_AFTER_SECONDS = 30;

  private final RetrainingConfig config;
  private final byte[] secret;
  private final Clock clock;
  private final TriggerPolicy triggers;
  private final RetrainQueue queue;
  private final DecisionLog decisions;
  private final HttpServer server;
  private final ExecutorService httpThreads;
  private final ExecutorService worker;

  private RetrainingReceiver(RetrainingConfig config, Clock clock) throws IOException {
    this.config = config;
    this.secret = config.secret() == null ? null : config.secret().getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.triggers =
        new TriggerPolicy(config.triggerRules(), config.rollbackRules(), config.autoRollback());
    this.queue = new RetrainQueue(clock, config.cooldown(), config.queueCapacity());
    this.decisions = new DecisionLog(config.statusLimit());
    GatewayClient gateway =
        new GatewayClient(config.gatewayUrl(), config.gatewayTimeout(), config.gatewayToken());
    Retrainer retrainer =
        new Retrainer(
            new LabeledTrafficReader(
                config.bootstrapServers(),
                config.predictionsTopic(),
                config.labelsTopic(),
                config.maxRecords()),
            new VersionPublisher(config.modelRepository()),
            gateway,
            clock,
            config.lookback(),
            config.minSamples(),
            config.seed());
    this.worker = Executors.newSingleThreadExecutor(named("retrain-worker"));
    this.httpThreads = Executors.newFixedThreadPool(2, named("retrain-http"));
    this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
    server.setExecutor(httpThreads);
    server.createContext("/", this::route);
    worker.execute(
        new RetrainWorker(
            queue,
            retrainer,
            gateway,
            new RollbackPolicy(config.rollbackWindow()),
            decisions,
            clock));
    server.start();
  }

  /** Starts listening on {@code config.host():config.port()} and starts the worker. */
  public static RetrainingReceiver start(RetrainingConfig config, Clock clock) throws IOException {
    return new RetrainingReceiver(config, clock);
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The decision log, shared with {@code /status}. */
  public DecisionLog decisions() {
    return decisions;
  }

  private void route(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      switch (path) {
        case "/webhook" -> {
          if (method.equals("POST")) {
            webhook(exchange);
          } else {
            error(exchange, 405, "use POST /webhook");
          }
        }
        case "/status" -> {
          if (method.equals("GET")) {
            respond(exchange, 200, status());
          } else {
            error(exchange, 405, "use GET /status");
          }
        }
        case "/health" -> respond(exchange, 200, JSON.createObjectNode().put("status", "ok"));
        default -> error(exchange, 404, "no such endpoint: " + path);
      }
    } catch (RuntimeException e) {
      LOG.error("request {} failed", exchange.getRequestURI(), e);
    }
  }

  private void webhook(HttpExchange exchange) throws IOException {
    byte[] body = readAtMost(exchange.getRequestBody(), config.maxBodyBytes());
    if (body == null) {
      error(exchange, 413, "body larger than " + config.maxBodyBytes() + " bytes");
      return;
    }
    if (secret != null) {
      String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
      if (signature == null) {
        error(
            exchange, 401, "missing " + WebhookSignature.HEADER + " header (signed webhooks only)");
        return;
      }
      if (!WebhookSignature.verify(body, secret, signature)) {
        error(exchange, 401, WebhookSignature.HEADER + " does not match the body");
        return;
      }
    }
    List<ReceivedAlert> alerts;
    try {
      alerts = WebhookParser.parse(body);
    } catch (BadWebhookException e) {
      error(exchange, 400, e.getMessage());
      return;
    }
    List<Decision> made = new ArrayList<>(alerts.size());
    for (ReceivedAlert alert : alerts) {
      Decision decision = decide(alert);
      decisions.record(decision);
      made.add(decision);
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("accepted", alerts.size());
    ArrayNode list = answer.putArray("decisions");
    made.forEach(d -> list.add(json(d)));
    if (made.stream().anyMatch(d -> d.action() == Action.QUEUE_FULL)) {
      exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      answer.put("error", "retrain queue full (--queue-capacity " + queue.capacity() + ")");
      respond(exchange, 503, answer);
      return;
    }
    respond(exchange, 202, answer);
  }

  private Decision decide(ReceivedAlert alert) {
    TriggerPolicy.Verdict verdict = triggers.classify(alert);
    return switch (verdict.reaction()) {
      case RECORD -> Decision.about(alert, clock.instant(), Action.RECORDED, verdict.detail());
      case IGNORE -> Decision.about(alert, clock.instant(), Action.IGNORED, verdict.detail());
      case RETRAIN, ROLLBACK_CHECK -> {
        RetrainQueue.Offer offer =
            queue.offer(
                alert,
                verdict.reaction() == TriggerPolicy.Reaction.ROLLBACK_CHECK,
                verdict.retrain());
        Action action =
            switch (offer.outcome()) {
              case QUEUED -> Action.QUEUED;
              case COALESCED -> Action.COALESCED;
              case COOLDOWN -> Action.COOLDOWN;
              case FULL -> Action.QUEUE_FULL;
            };
        yield Decision.about(alert, clock.instant(), action, offer.detail());
      }
    };
  }

  private ObjectNode status() {
    ObjectNode status = JSON.createObjectNode();
    status.put("running", queue.runningModel().orElse(null));
    ArrayNode pending = status.putArray("pending");
    queue.pendingModels().forEach(pending::add);
    status.put("queue_capacity", queue.capacity());
    status.put("coalesced_triggers", queue.coalesced());
    ArrayNode list = status.putArray("decisions");
    decisions.recent().forEach(d -> list.add(json(d)));
    return status;
  }

  private static ObjectNode json(Decision d) {
    return JSON.createObjectNode()
        .put("time", d.time().toString())
        .put("action", d.action().label())
        .put("model", d.model())
        .put("version", d.version())
        .put("rule", d.rule())
        .put("fingerprint", d.fingerprint())
        .put("detail", d.detail());
  }

  /** The whole body, or null when it is longer than {@code limit} bytes. */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] bytes = in.readNBytes(limit + 1);
    return bytes.length > limit ? null : bytes;
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    respond(exchange, status, JSON.createObjectNode().put("error", message));
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    httpThreads.shutdownNow();
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the retrain worker did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
