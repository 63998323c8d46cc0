package io.driftwatch.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP/1.1 calls to a gateway on 127.0.0.1 with any method, path, content type and body bytes, each
 * bounded by {@link #TIMEOUT}, for tests that send what a well-behaved client would not.
 */
final class RawHttp {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /**
   * @param path already percent-encoded where needed
   * @param contentType null to send none
   * @param body null to send no body
   * @param chunked send the body without a Content-Length
   * @param headers more headers: name, value, name, value, ...
   */
  HttpResponse<String> send(
      String method,
      String path,
      String contentType,
      byte[] body,
      boolean chunked,
      String... headers)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : chunked
                ? HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(TIMEOUT)
            .method(method, publisher);
    if (headers.length > 0) {
      request.headers(headers);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
