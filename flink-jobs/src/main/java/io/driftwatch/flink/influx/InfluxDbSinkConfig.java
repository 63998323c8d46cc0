package io.driftwatch.flink.influx;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@link InfluxDbSink} writes.
 *
 * @param url InfluxDB 1.x HTTP endpoint, for example {@code http://127.0.0.1:8086}
 * @param database database to write to, letters, digits, '_', '-' or '.'; created if missing
 * @param user user name, or null without authentication
 * @param password password, or null without authentication
 * @param batchSize points buffered before a write, 1..100 000; default 1000
 * @param flushInterval longest time a point waits in the buffer, positive; default 1 s
 * @param maxAttempts write attempts before the writer fails the job, 1..100; default 20, which with
 *     the default backoffs rides out an InfluxDB outage of about 150 s (0.2 + 0.4 + … + 6.4 s, then
 *     10 s per attempt) while backpressuring the job
 * @param initialBackoff wait after the first failed attempt, doubled after each further failure;
 *     positive; default 200 ms
 * @param maxBackoff cap of the wait between attempts; at least initialBackoff; default 10 s
 */
public record InfluxDbSinkConfig(
    URI url,
    String database,
    String user,
    String password,
    int batchSize,
    Duration flushInterval,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff)
    implements Serializable {

  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  public InfluxDbSinkConfig {
    Objects.requireNonNull(url, "influx-url");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("influx-url must be http(s)://host:port, was " + url);
    }
    if (database == null || !DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "influx-database must be letters, digits, '_', '-' or '.', was '" + database + "'");
    }
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException("influx-user and influx-password must be given together");
    }
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("influx-batch-size must be 1..100000, was " + batchSize);
    }
    requirePositive("influx-flush-interval", flushInterval);
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("influx-max-attempts must be 1..100, was " + maxAttempts);
    }
    requirePositive("influx-initial-backoff", initialBackoff);
    requirePositive("influx-max-backoff", maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "influx-max-backoff must be >= influx-initial-backoff, was " + maxBackoff);
    }
  }

  /** Defaults for everything but where to write, without authentication. */
  public static InfluxDbSinkConfig of(URI url, String database) {
    return new InfluxDbSinkConfig(
        url,
        database,
        null,
        null,
        1000,
        Duration.ofSeconds(1),
        20,
        Duration.ofMillis(200),
        Duration.ofSeconds(10));
  }

  public InfluxDbSinkConfig withRetries(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    return new InfluxDbSinkConfig(
        url,
        database,
        user,
        password,
        batchSize,
        flushInterval,
        maxAttempts,
        initialBackoff,
        maxBackoff);
  }

  public InfluxDbSinkConfig withBatching(int batchSize, Duration flushInterval) {
    return new InfluxDbSinkConfig(
        url,
        database,
        user,
        password,
        batchSize,
        flushInterval,
        maxAttempts,
        initialBackoff,
        maxBackoff);
  }

  public InfluxDbSinkConfig withCredentials(String user, String password) {
    return new InfluxDbSinkConfig(
        url,
        database,
        user,
        password,
        batchSize,
        flushInterval,
        maxAttempts,
        initialBackoff,
        maxBackoff);
  }

  /** Wait before attempt {@code attempt + 1} after {@code attempt} (1-based) failed attempts. */
  public Duration backoffAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    }
    long factor = 1L << Math.min(attempt - 1, 30);
    long millis = initialBackoff.toMillis() * factor;
    return millis > maxBackoff.toMillis() || millis < 0 ? maxBackoff : Duration.ofMillis(millis);
  }

  private static void requirePositive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
  }

  @Override
  public String toString() {
    return "InfluxDbSinkConfig[url="
        + url
        + ", database="
        + database
        + ", user="
        + user
        + ", password="
        + (password == null ? "null" : "***")
        + ", batchSize="
        + batchSize
        + ", flushInterval="
        + flushInterval
        + ", maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + "]";
  }
}
