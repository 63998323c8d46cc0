package io.driftwatch.local;

import io.driftwatch.training.WeatherObservation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Replays weather observations against the gateway at a fixed rate: Seattle days (the model's
 * training city) until {@code driftAfter}, then the days it is given after that (New York winters
 * in the demo), so inputs drift. One request in {@code 1/errorShare} is deliberately malformed so
 * the error rate is never trivially zero.
 *
 * <p>Ground truth arrives late, as it does in production: for {@code labelShare} of the answered
 * requests the day's true weather is sent to {@code POST /v1/feedback} 5–15 s later.
 *
 * <p>One scheduler thread; requests are sent asynchronously with a 5 s timeout, so a slow gateway
 * never piles up more than {@code rate × 5} requests in flight, and at most {@code rate × 15}
 * labels wait to be sent.
 */
final class DemoTraffic implements AutoCloseable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final int MIN_LABEL_DELAY_MS = 5_000;
  private static final int MAX_LABEL_DELAY_MS = 15_000;

  /** The longest a label follows its request. */
  static final Duration MAX_LABEL_DELAY = Duration.ofMillis(MAX_LABEL_DELAY_MS);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-traffic");
            t.setDaemon(true);
            return t;
          });
  private final URI inferUri;
  private final URI feedbackUri;
  private final double labelShare;
  private final List<WeatherObservation> before;
  private final List<WeatherObservation> after;
  private final Instant driftAt;
  private final int errorEvery;
  private final Clock clock;
  private final Consumer<String> console;
  private final Random random = new Random(42);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong labelled = new AtomicLong();
  private volatile boolean drifted;

  DemoTraffic(
      String gatewayUrl,
      String model,
      List<WeatherObservation> before,
      List<WeatherObservation> after,
      Duration driftAfter,
      int errorEvery,
      double labelShare,
      Clock clock,
      Consumer<String> console) {
    this.inferUri = URI.create(gatewayUrl + "/v2/models/" + model + "/infer");
    this.feedbackUri = URI.create(gatewayUrl + "/v1/feedback");
    if (labelShare < 0 || labelShare > 1) {
      throw new IllegalArgumentException("--label-share must be in [0, 1], was " + labelShare);
    }
    this.labelShare = labelShare;
    this.before = List.copyOf(before);
    this.after = List.copyOf(after);
    this.driftAt = clock.instant().plus(driftAfter);
    this.errorEvery = errorEvery;
    this.clock = clock;
    this.console = console;
  }

  /** Starts sending {@code ratePerSecond} requests per second until closed. */
  void start(int ratePerSecond) {
    long periodMicros = 1_000_000L / ratePerSecond;
    scheduler.scheduleAtFixedRate(this::sendOne, 0, periodMicros, TimeUnit.MICROSECONDS);
  }

  private void sendOne() {
    long n = sent.incrementAndGet();
    boolean afterDrift = !clock.instant().isBefore(driftAt);
    if (afterDrift && !drifted) {
      drifted = true;
      console.accept(
          "Demo traffic now replays New York winter days: the inputs drift from here on.");
    }
    List<WeatherObservation> rows = afterDrift ? after : before;
    WeatherObservation row = rows.get(random.nextInt(rows.size()));
    String body = n % errorEvery == 0 ? malformed(n) : inferBody(n, row);
    HttpRequest request =
        HttpRequest.newBuilder(inferUri)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              if (error == null && response.statusCode() == 200) {
                answered.incrementAndGet();
                maybeLabelLater(n, row);
              } else {
                failed.incrementAndGet();
              }
            });
  }

  private void maybeLabelLater(long n, WeatherObservation row) {
    // java.util.Random is thread-safe; answers complete on the HTTP client's threads.
    double draw = random.nextDouble();
    int delayMs = MIN_LABEL_DELAY_MS + random.nextInt(MAX_LABEL_DELAY_MS - MIN_LABEL_DELAY_MS);
    if (draw >= labelShare || scheduler.isShutdown()) {
      return;
    }
    String body = "{\"id\":\"demo-" + n + "\",\"label\":\"" + row.weather() + "\"}";
    try {
      scheduler.schedule(
          () ->
              http.sendAsync(
                      HttpRequest.newBuilder(feedbackUri)
                          .timeout(REQUEST_TIMEOUT)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .thenAccept(
                      response -> {
                        if (response.statusCode() == 202) {
                          labelled.incrementAndGet();
                        }
                      }),
          delayMs,
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // Shutting down: labels still waiting are not sent.
    }
  }

  /** An Open Inference Protocol request with one [1] tensor per feature, named as the feature. */
  static String inferBody(long n, WeatherObservation row) {
    return String.format(
        Locale.ROOT,
        "{\"id\":\"demo-%d\",\"inputs\":["
            + "{\"name\":\"precipitation\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]},"
            + "{\"name\":\"temp_max\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]},"
            + "{\"name\":\"temp_min\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]},"
            + "{\"name\":\"wind\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]}]}",
        n,
        row.precipitation(),
        row.tempMax(),
        row.tempMin(),
        row.wind());
  }

  private static String malformed(long n) {
    return "{\"id\":\"demo-"
        + n
        + "\",\"inputs\":[{\"name\":\"humidity\",\"shape\":[1],"
        + "\"datatype\":\"FP32\",\"data\":[0.5]}]}";
  }

  long sent() {
    return sent.get();
  }

  long answered() {
    return answered.get();
  }

  long failed() {
    return failed.get();
  }

  long labelled() {
    return labelled.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
