package io.driftwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.driftwatch.flink.alerting.AlertPointMapper;
import io.driftwatch.local.LocalStack;
import io.driftwatch.local.LocalStackConfig;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertState;
import io.driftwatch.training.DemoModel;
import io.driftwatch.training.WeatherDataset;
import io.driftwatch.training.WeatherObservation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard query, rendered as Grafana renders it, returns data from a real {@code influxd}
 * that the real pipeline filled: the gateway (real ONNX Runtime) serves the demo model, requests go
 * in over HTTP (Seattle days, then New York days so the inputs drift, and a few malformed ones),
 * and every 4th answered one gets its true label, and the monitoring job on a Flink MiniCluster
 * reads them from in-process KRaft Kafka and writes {@link #PIPELINE_MEASUREMENTS}: serving, drift,
 * data quality, model quality and concept drift of version 1, and the alerts the shipped rules
 * fire.
 *
 * <p>What this one-model, one-version run cannot produce the test writes itself into the same
 * database: a challenger version 2 and its {@code variant_comparison}, a regression and a binary
 * model's {@code model_quality}, and a RESOLVED alert, built by the job's own {@link
 * AlertPointMapper} so its tags are the job's (the dashboards once filtered on {@code 'firing'}
 * while the job writes {@code FIRING}).
 *
 * <p>Each query runs twice: with every variable at Grafana's "All" value (it must return a
 * non-empty series), and once per model with the variables set to concrete, regex-escaped values
 * (it must run without error, and at least one model must return data).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DashboardQueriesTest {

  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final Duration PHASE = Duration.ofSeconds(6);
  private static final Duration REQUEST_SPACING = Duration.ofMillis(40);
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final String REGRESSION_MODEL = "taxi-fare";
  private static final String BINARY_MODEL = "churn";

  /** Produced by the monitoring job in this run, so the test waits for them. */
  private static final List<String> PIPELINE_MEASUREMENTS =
      List.of(
          "serving",
          "feature_drift",
          "prediction_drift",
          "data_quality",
          "dataset_drift",
          "model_quality",
          "concept_drift",
          "alerts");

  @TempDir static Path work;

  private static LocalStack stack;
  private static InfluxDB influx;
  private static Instant began;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void fillInfluxThroughThePipeline() throws Exception {
    began = Instant.now();
    stack = LocalStack.start(LocalStackConfig.ephemeral(work, WINDOW), Clock.systemUTC());
    influx = InfluxDBFactory.connect(stack.influxUrl());
    influx.setDatabase(LocalStack.DATABASE);

    sendDays(WeatherDataset.bundled().seattle(), 0);
    sendDays(WeatherDataset.bundled().newYork(), 10_000);
    awaitPipelineOutput(Duration.ofSeconds(120));
    writeWhatThisRunCannotProduce(Instant.now());
  }

  @AfterAll
  static void stop() {
    if (influx != null) {
      influx.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyQueryReturnsDataWithEveryVariableAtAll() {
    GrafanaMacros macros = macros();
    List<DynamicTest> tests = new ArrayList<>();
    for (Dashboard d : Dashboard.all()) {
      Map<String, GrafanaMacros.Value> all = new LinkedHashMap<>();
      for (Dashboard.Variable v : d.variables()) {
        all.put(v.name(), GrafanaMacros.Value.all(v.allValue()));
      }
      for (Dashboard.Variable v : d.variables()) {
        tests.add(
            dynamicTest(
                d.name() + " variable $" + v.name(),
                () ->
                    assertThat(tagValues(macros.render(v.influxql(), all)))
                        .as(v.influxql())
                        .isNotEmpty()));
      }
      for (Dashboard.Query q : d.queries()) {
        tests.add(
            dynamicTest(
                q.where(),
                () -> {
                  String rendered = macros.render(q.influxql(), all);
                  assertThat(seriesCount(rendered)).as(rendered).isPositive();
                }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyQueryRunsForEachConcreteModelAndSomeModelHasData() {
    GrafanaMacros macros = macros();
    List<DynamicTest> tests = new ArrayList<>();
    for (Dashboard d : Dashboard.all()) {
      List<Dashboard.Variable> variables = d.variables();
      Map<String, GrafanaMacros.Value> all = new LinkedHashMap<>();
      variables.forEach(v -> all.put(v.name(), GrafanaMacros.Value.all(v.allValue())));
      for (Dashboard.Query q : d.queries()) {
        tests.add(
            dynamicTest(
                q.where() + " per model",
                () -> {
                  long withData = 0;
                  List<String> models = tagValues(macros.render(variables.get(0).influxql(), all));
                  assertThat(models).isNotEmpty();
                  for (String model : models) {
                    Map<String, GrafanaMacros.Value> selected = new LinkedHashMap<>(all);
                    selected.put("model", GrafanaMacros.Value.of(model));
                    // Each later variable takes its first value given the ones before, as Grafana
                    // refreshes dependent variables.
                    for (Dashboard.Variable v : variables.subList(1, variables.size())) {
                      List<String> values = tagValues(macros.render(v.influxql(), selected));
                      assertThat(values).as("$%s for model %s", v.name(), model).isNotEmpty();
                      selected.put(v.name(), GrafanaMacros.Value.of(values.get(0)));
                    }
                    if (seriesCount(macros.render(q.influxql(), selected)) > 0) {
                      withData++;
                    }
                  }
                  assertThat(withData)
                      .as("models whose panel shows data: %s", q.influxql())
                      .isPositive();
                }));
      }
    }
    return tests.stream();
  }

  private static GrafanaMacros macros() {
    return new GrafanaMacros(began.minusSeconds(60), Instant.now().plusSeconds(60), INTERVAL);
  }

  /** Runs a query; fails on an InfluxDB error, returns how many series came back. */
  private static int seriesCount(String influxql) {
    QueryResult result = influx.query(new Query(influxql, LocalStack.DATABASE));
    assertThat(result.getError()).as(influxql).isNull();
    int series = 0;
    for (QueryResult.Result r : result.getResults()) {
      assertThat(r.getError()).as(influxql).isNull();
      if (r.getSeries() != null) {
        series += (int) r.getSeries().stream().filter(s -> !s.getValues().isEmpty()).count();
      }
    }
    return series;
  }

  /** The values of a {@code SHOW TAG VALUES} query (column {@code value}), in order. */
  private static List<String> tagValues(String influxql) {
    QueryResult result = influx.query(new Query(influxql, LocalStack.DATABASE));
    assertThat(result.getError()).as(influxql).isNull();
    List<String> values = new ArrayList<>();
    for (QueryResult.Result r : result.getResults()) {
      assertThat(r.getError()).as(influxql).isNull();
      if (r.getSeries() != null) {
        for (QueryResult.Series s : r.getSeries()) {
          int column = s.getColumns().indexOf("value");
          s.getValues().forEach(row -> values.add(String.valueOf(row.get(column))));
        }
      }
    }
    return values;
  }

  /**
   * Sends one request per {@link #REQUEST_SPACING} for {@link #PHASE}, cycling through {@code
   * days}; every 25th is malformed (400) and every 4th answered one gets a label.
   */
  private static void sendDays(List<WeatherObservation> days, int firstId) throws Exception {
    Instant end = Instant.now().plus(PHASE);
    int n = firstId;
    while (Instant.now().isBefore(end)) {
      WeatherObservation day = days.get(n % days.size());
      boolean malformed = n % 25 == 0;
      int status = post("/v2/models/" + DemoModel.NAME + "/infer", inferBody(n, day, malformed));
      assertThat(status).isEqualTo(malformed ? 400 : 200);
      if (!malformed && n % 4 == 0) {
        post("/v1/feedback", "{\"id\":\"dash-" + n + "\",\"label\":\"" + day.weather() + "\"}");
      }
      n++;
      Thread.sleep(REQUEST_SPACING.toMillis());
    }
  }

  private static String inferBody(int n, WeatherObservation day, boolean malformed) {
    if (malformed) {
      return "{\"id\":\"dash-"
          + n
          + "\",\"inputs\":[{\"name\":\"humidity\",\"shape\":[1],\"datatype\":\"FP32\","
          + "\"data\":[0.5]}]}";
    }
    return String.format(
        Locale.ROOT,
        "{\"id\":\"dash-%d\",\"inputs\":["
            + "{\"name\":\"precipitation\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]},"
            + "{\"name\":\"temp_max\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]},"
            + "{\"name\":\"temp_min\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]},"
            + "{\"name\":\"wind\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]}]}",
        n,
        day.precipitation(),
        day.tempMax(),
        day.tempMin(),
        day.wind());
  }

  private static int post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * Waits until every measurement of {@link #PIPELINE_MEASUREMENTS} has points, and some feature
   * has drifted (the New York days), so the "which features drifted" panels show a real detection.
   */
  private static void awaitPipelineOutput(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    Map<String, Integer> counts = new LinkedHashMap<>();
    int drifted = 0;
    int criticalFiring = 0;
    while (Instant.now().isBefore(deadline)) {
      for (String m : PIPELINE_MEASUREMENTS) {
        counts.put(m, seriesCount("SELECT count(*) FROM \"" + m + "\""));
      }
      drifted = seriesCount("SELECT \"drifted\" FROM \"feature_drift\" WHERE \"drifted\" = 1");
      // The alerts dashboard's $severity starts at critical, the RESOLVED alert the test writes.
      criticalFiring =
          seriesCount(
              "SELECT count(\"message\") FROM \"alerts\" WHERE \"state\" = 'FIRING'"
                  + " AND \"severity\" = 'critical'");
      if (drifted > 0 && criticalFiring > 0 && counts.values().stream().allMatch(c -> c > 0)) {
        return;
      }
      Thread.sleep(500);
    }
    assertThat(counts).as("series per measurement").doesNotContainValue(0);
    assertThat(drifted).as("features that drifted").isPositive();
    assertThat(criticalFiring).as("critical alerts the pipeline fired").isPositive();
  }

  /**
   * Five windows of a challenger version 2 of the demo model and its comparison with version 1, of
   * a regression model's quality, and a RESOLVED alert.
   */
  private static void writeWhatThisRunCannotProduce(Instant end) {
    BatchPoints.Builder batch = BatchPoints.database(LocalStack.DATABASE);
    for (int w = 0; w < 5; w++) {
      long t = end.minus(WINDOW.multipliedBy(5 - w)).toEpochMilli();
      batch.point(
          at(t, "model_quality")
              .tag("model", DemoModel.NAME)
              .tag("version", "2")
              .tag("variant", "challenger")
              .addField("accuracy", 0.8 - 0.02 * w)
              .addField("f1", 0.75 - 0.02 * w)
              .addField("precision", 0.78)
              .addField("recall", 0.74)
              .addField("labeled", 40L + w)
              .addField("label_delay_p50_ms", 9_000.0)
              .addField("label_delay_p95_ms", 14_000.0)
              .build());
      // AUC is written for binary classifiers only; the demo model has five classes.
      batch.point(
          at(t, "model_quality")
              .tag("model", BINARY_MODEL)
              .tag("version", "1")
              .tag("variant", "default")
              .addField("accuracy", 0.9)
              .addField("f1", 0.85)
              .addField("precision", 0.88)
              .addField("recall", 0.83)
              .addField("auc", 0.93 - 0.01 * w)
              .addField("labeled", 50L)
              .build());
      batch.point(
          at(t, "model_quality")
              .tag("model", REGRESSION_MODEL)
              .tag("version", "3")
              .tag("variant", "default")
              .addField("rmse", 4.2 + w)
              .addField("mae", 3.1 + w)
              .addField("labeled", 30L)
              .build());
      batch.point(
          at(t, "variant_comparison")
              .tag("model", DemoModel.NAME)
              .tag("champion", "1")
              .tag("challenger", "2")
              .tag("metric", "accuracy")
              .addField("difference", 0.01 * w)
              .addField("p_value", 0.5 - 0.1 * w)
              .addField("enough_data", w >= 2 ? 1L : 0L)
              .build());
    }
    Instant resolvedAt = end.minus(WINDOW);
    batch.point(
        new AlertPointMapper()
            .toPoint(
                Alert.newBuilder()
                    .setRule("error_rate_high")
                    .setSeverity("critical")
                    .setModel(DemoModel.NAME)
                    .setVersion("1")
                    .setState(AlertState.RESOLVED)
                    .setValue(0.01)
                    .setThreshold(0.05)
                    .setMessage("error rate back to 1%")
                    .setFingerprint("0123456789abcdef")
                    .setStartsAt(resolvedAt.minus(WINDOW.multipliedBy(3)))
                    .setEndsAt(resolvedAt)
                    .setWindowEnd(resolvedAt)
                    .build()));
    influx.write(batch.build());
  }

  private static Point.Builder at(long epochMillis, String measurement) {
    return Point.measurement(measurement).time(epochMillis, TimeUnit.MILLISECONDS);
  }
}
