package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.gateway.RequestFuzzer.FuzzRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeded fuzzing of a real gateway over HTTP (real ONNX Runtime, the demo model): {@value
 * #REQUESTS} requests from {@link RequestFuzzer}, generated and sent by {@value #FUZZ_CLIENTS}
 * clients at once, while one more client sends valid infer requests. Every fuzzed request must get
 * an answer within {@link RawHttp#TIMEOUT} that is never a 5xx: a 4xx with a JSON {@code error}
 * message, or a 2xx when the mutation happened to leave it valid. The valid client must get 200
 * every time, with a p99 latency at most {@value #P99_FACTOR} times its p99 measured alone just
 * before (or {@link #P99_FLOOR}, whichever is larger: the machine is shared, this is a smoke bound,
 * not a benchmark). About 20 s on two cores.
 */
class GatewayFuzzTest {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayFuzzTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Seed of the generator: a failure names the request index, which this seed reproduces. */
  static final long SEED = 20_261_201L;

  static final int REQUESTS = 3000;
  static final int FUZZ_CLIENTS = 3;
  static final int BASELINE_REQUESTS = 300;
  static final int P99_FACTOR = 10;
  static final Duration P99_FLOOR = Duration.ofMillis(250);

  @TempDir static Path work;
  private static DemoGateway gateway;

  @BeforeAll
  static void startGateway() throws Exception {
    gateway = DemoGateway.start(work);
  }

  @AfterAll
  static void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyFuzzedRequestGetsAnAnswerThatIsNeverA5xxWhileValidTrafficKeepsItsLatency()
      throws Exception {
    RawHttp valid = new RawHttp(gateway.port());
    validRequests(valid, 50, new AtomicBoolean(true));
    List<Long> alone = validRequests(valid, BASELINE_REQUESTS, new AtomicBoolean(true));

    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Map<Integer, AtomicInteger> statuses = Collections.synchronizedMap(new TreeMap<>());
    AtomicBoolean fuzzing = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(FUZZ_CLIENTS + 1);
    List<Long> underFuzz;
    try {
      Future<List<Long>> validTraffic =
          clients.submit(() -> validRequests(valid, Integer.MAX_VALUE, fuzzing));
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> fuzzers = new ArrayList<>();
      for (int c = 0; c < FUZZ_CLIENTS; c++) {
        fuzzers.add(
            clients.submit(
                () -> {
                  RawHttp http = new RawHttp(gateway.port());
                  for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                    FuzzRequest request = RequestFuzzer.request(SEED, i, gateway);
                    String failure = check(http, request, statuses);
                    if (failure != null) {
                      failures.add(failure);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> fuzzer : fuzzers) {
        fuzzer.get();
      }
      fuzzing.set(false);
      underFuzz = validTraffic.get();
    } finally {
      clients.shutdownNow();
    }

    long p99Alone = p99(alone);
    long p99UnderFuzz = p99(underFuzz);
    long bound = Math.max(P99_FACTOR * p99Alone, P99_FLOOR.toNanos());
    LOG.info(
        "fuzzed {} requests, answers by status {}; valid p99 alone {} ms, under fuzzing {} ms over"
            + " {} requests (bound {} ms)",
        REQUESTS,
        statuses,
        p99Alone / 1e6,
        p99UnderFuzz / 1e6,
        underFuzz.size(),
        bound / 1e6);
    assertThat(failures)
        .as("fuzzed requests answered wrongly (replay: RequestFuzzer.request(" + SEED + ", index))")
        .isEmpty();
    assertThat(statuses.keySet()).as("answer statuses").allMatch(s -> s >= 200 && s < 500);
    assertThat(statuses.keySet()).as("mostly refusals").contains(400, 404, 413);
    assertThat(p99UnderFuzz).as("valid p99 under fuzzing, ns").isLessThanOrEqualTo(bound);
  }

  private static HttpResponse<String> send(RawHttp http, FuzzRequest request)
      throws IOException, InterruptedException {
    return http.send(
        request.method(), request.path(), request.contentType(), request.body(), request.chunked());
  }

  /**
   * Null when the answer is acceptable, else what was wrong with it. A request that meets a kept-
   * alive connection the server had just closed (after an earlier refusal on it) reads no byte at
   * all; it is sent once more on a new connection, where it must be answered like any other.
   */
  private static String check(
      RawHttp http, FuzzRequest request, Map<Integer, AtomicInteger> statuses) {
    HttpResponse<String> response;
    try {
      try {
        response = send(http, request);
      } catch (IOException e) {
        if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
          throw e;
        }
        LOG.info("{}: a closed kept-alive connection, sent again: {}", request.description(), e);
        response = send(new RawHttp(gateway.port()), request);
      }
    } catch (IOException | RuntimeException e) {
      return request.description() + ": no answer: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return request.description() + ": interrupted";
    }
    int status = response.statusCode();
    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    if (status >= 500) {
      return request.description() + ": " + status + " " + abbreviate(response.body());
    }
    if (status >= 400) {
      try {
        JsonNode error = JSON.readTree(response.body()).path("error");
        if (!error.isTextual() || error.asText().isBlank()) {
          return request.description() + ": " + status + " without an error message";
        }
      } catch (IOException e) {
        return request.description()
            + ": "
            + status
            + " body is not JSON: "
            + abbreviate(response.body());
      }
    }
    return null;
  }

  /**
   * Sends valid infer requests until {@code count} or {@code running} turns false; latencies ns.
   */
  private static List<Long> validRequests(RawHttp http, int count, AtomicBoolean running)
      throws IOException, InterruptedException {
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < count && running.get(); i++) {
      String body =
          i % 2 == 0
              ? gateway.tensorRequest("valid-" + i, 2)
              : gateway.featureRequest("valid-" + i, 1, "FP32");
      long start = System.nanoTime();
      HttpResponse<String> response =
          http.send(
              "POST",
              DemoGateway.INFER,
              "application/json",
              body.getBytes(StandardCharsets.UTF_8),
              false);
      latencies.add(System.nanoTime() - start);
      assertThat(response.statusCode())
          .as("valid request " + i + ": " + response.body())
          .isEqualTo(200);
    }
    return latencies;
  }

  private static long p99(List<Long> latencies) {
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
