package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

  private static Javalin app;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startAppWithFailingRoutes() {
    app =
        Javalin.create(
                config -> {
                  config.showJavalinBanner = false;
                  config.router.mount(
                      router -> {
                        router.get(
                            "/bad",
                            ctx -> {
                              throw GatewayException.badRequest("wrong shape");
                            });
                        router.get(
                            "/busy",
                            ctx -> {
                              throw GatewayException.unavailable("not ready");
                            });
                        router.get(
                            "/bug",
                            ctx -> {
                              throw new IllegalStateException("boom");
                            });
                        ErrorResponses.addTo(router);
                      });
                })
            .start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aGatewayExceptionBecomesItsStatusWithAnErrorBody() throws Exception {
    HttpResponse<String> response = get("/bad");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{\"error\":\"wrong shape\"}");
  }

  @Test
  void unavailableAnswersCarryRetryAfter() throws Exception {
    HttpResponse<String> response = get("/busy");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(response.body()).isEqualTo("{\"error\":\"not ready\"}");
  }

  @Test
  void anUnexpectedExceptionIsA500NamingIt() throws Exception {
    HttpResponse<String> response = get("/bug");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .contains("\"error\":\"internal error: java.lang.IllegalStateException: boom\"");
  }

  @Test
  void anUnknownPathIsA404WithAnErrorBody() throws Exception {
    HttpResponse<String> response = get("/nowhere");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"error\":\"no such endpoint: GET /nowhere\"}");
  }
}
