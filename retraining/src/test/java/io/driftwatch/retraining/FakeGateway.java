package io.driftwatch.retraining;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the gateway's model-control endpoints: records every request and answers with the
 * status and body a test set for its path (404 otherwise).
 */
final class FakeGateway implements AutoCloseable {

  /**
   * @param authorization the request's {@code Authorization} header, or null
   */
  record Request(String method, String path, String body, String authorization) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean holding;

  FakeGateway() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(
                new Request(
                    exchange.getRequestMethod(),
                    path,
                    body,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            if (holding) {
              try {
                released.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            Answer answer =
                answers.getOrDefault(
                    exchange.getRequestMethod() + " " + path,
                    new Answer(404, "{\"error\": \"unknown model\"}"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.start();
  }

  /** Answers {@code method path} with {@code status} and {@code body} from now on. */
  FakeGateway answer(String method, String path, int status, String body) {
    answers.put(method + " " + path, new Answer(status, body));
    return this;
  }

  /** Keeps every request waiting for its answer until {@link #release()} (at most 30 s). */
  FakeGateway hold() {
    holding = true;
    return this;
  }

  void release() {
    released.countDown();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Request> requestsTo(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .toList();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
