package io.driftwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The provisioned dashboards as files: they parse, and every reference inside them resolves. */
class DashboardDefinitionsTest {

  private static final Path DATASOURCES = Path.of("provisioning/datasources/influxdb.yml");
  private static final Path PROVIDER = Path.of("provisioning/dashboards/driftwatch.yml");
  private static final Pattern FROM = Pattern.compile("FROM \"(\\w+)\"");

  /** The measurements of PRODUCT.md's InfluxDB contract, plus the model-level drift decision. */
  private static final Set<String> MEASUREMENTS =
      Set.of(
          "serving",
          "feature_drift",
          "prediction_drift",
          "data_quality",
          "dataset_drift",
          "model_quality",
          "concept_drift",
          "variant_comparison",
          "alerts");

  private final List<Dashboard> dashboards = Dashboard.all();

  @Test
  void everyDashboardOfTheIssueIsProvisionedAndParses() {
    assertThat(dashboards)
        .extracting(Dashboard::name)
        .containsExactlyInAnyOrder(
            "serving.json", "drift.json", "data-quality.json", "model-quality.json", "alerts.json");
    assertThat(dashboards)
        .allSatisfy(d -> assertThat(d.json().path("panels").size()).as(d.name()).isPositive());
  }

  @Test
  void dashboardUidsAndTitlesAreUnique() {
    List<String> uids = dashboards.stream().map(d -> d.json().path("uid").asText()).toList();
    List<String> titles = dashboards.stream().map(d -> d.json().path("title").asText()).toList();
    assertThat(uids).doesNotHaveDuplicates().allSatisfy(uid -> assertThat(uid).isNotBlank());
    assertThat(titles).doesNotHaveDuplicates().allSatisfy(t -> assertThat(t).isNotBlank());
  }

  @Test
  void panelIdsAreUniqueWithinEachDashboard() {
    for (Dashboard d : dashboards) {
      List<Integer> ids = d.panels().stream().map(p -> p.path("id").asInt(-1)).toList();
      assertThat(ids)
          .as(d.name())
          .doesNotHaveDuplicates()
          .allSatisfy(id -> assertThat(id).isPositive());
    }
  }

  @Test
  void everyDatasourceReferenceResolvesToTheProvisionedDatasource() throws IOException {
    JsonNode provisioned = yaml(DATASOURCES).path("datasources");
    Map<String, String> typeByUid = new HashMap<>();
    Set<String> names = new HashSet<>();
    provisioned.forEach(
        ds -> {
          typeByUid.put(ds.path("uid").asText(), ds.path("type").asText());
          names.add(ds.path("name").asText());
        });
    assertThat(typeByUid).containsEntry("driftwatch-influxdb", "influxdb");

    for (Dashboard d : dashboards) {
      List<JsonNode> refs = d.datasourceReferences();
      assertThat(refs).as(d.name()).isNotEmpty();
      for (JsonNode ref : refs) {
        if (ref.isTextual()) {
          assertThat(names).as(d.name() + " datasource name").contains(ref.asText());
        } else {
          assertThat(typeByUid)
              .as(d.name() + " datasource " + ref)
              .containsEntry(ref.path("uid").asText(), ref.path("type").asText());
        }
      }
    }
  }

  @Test
  void everyPanelHasARawInfluxQlQuery() {
    for (Dashboard d : dashboards) {
      for (JsonNode panel : d.panels()) {
        if (panel.path("type").asText().equals("row")) {
          continue;
        }
        assertThat(panel.path("targets")).as(d.name() + " " + panel.path("title")).isNotEmpty();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("rawQuery").asBoolean()).isTrue();
          assertThat(target.path("query").asText()).startsWith("SELECT ").contains("$timeFilter");
        }
      }
    }
  }

  @Test
  void queriesUseOnlyTheirDashboardsVariablesAndGrafanasMacros() {
    GrafanaMacros macros = new GrafanaMacros(Instant.EPOCH, Instant.EPOCH, Duration.ofSeconds(10));
    for (Dashboard d : dashboards) {
      Map<String, GrafanaMacros.Value> all = new HashMap<>();
      d.variables().forEach(v -> all.put(v.name(), GrafanaMacros.Value.all(v.allValue())));
      assertThat(all).as(d.name() + " variables").containsKeys("model", "version");
      for (Dashboard.Query q : d.queries()) {
        assertThatCode(() -> macros.render(q.influxql(), all))
            .as(q.where())
            .doesNotThrowAnyException();
      }
      for (Dashboard.Variable v : d.variables()) {
        assertThat(v.influxql()).as(v.name()).startsWith("SHOW TAG VALUES FROM ");
        assertThatCode(() -> macros.render(v.influxql(), all)).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void everyMeasurementOfTheProductContractHasADashboard() {
    Set<String> queried = new HashSet<>();
    for (Dashboard d : dashboards) {
      for (Dashboard.Query q : d.queries()) {
        Matcher m = FROM.matcher(q.influxql());
        while (m.find()) {
          queried.add(m.group(1));
        }
      }
    }
    assertThat(queried).containsAll(MEASUREMENTS);
  }

  @Test
  void theProviderLoadsTheFolderDockerComposeMountsTheJsonInto() throws IOException {
    JsonNode provider = yaml(PROVIDER).path("providers").get(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("options").path("path").asText())
        .isEqualTo("/var/lib/grafana/dashboards/driftwatch");
  }

  private static JsonNode yaml(Path file) throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
  }
}
