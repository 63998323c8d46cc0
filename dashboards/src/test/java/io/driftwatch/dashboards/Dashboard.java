package io.driftwatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One provisioned Grafana dashboard JSON file, read with Jackson, and the InfluxQL it runs: panel
 * targets, template-variable queries and annotation queries. Immutable after loading.
 */
record Dashboard(Path file, JsonNode json) {

  /** The folder the dashboard provider loads, relative to the dashboards module. */
  static final Path JSON_DIR = Path.of("json");

  /** An InfluxQL query of this dashboard, named the way a failing test should name it. */
  record Query(String where, String influxql) {}

  /** A {@code query} template variable: its name, its InfluxQL and the value "All" stands for. */
  record Variable(String name, String influxql, String allValue) {}

  static List<Dashboard> all() {
    try (Stream<Path> files = Files.list(JSON_DIR)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .sorted()
          .map(Dashboard::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dashboard read(Path file) {
    try {
      return new Dashboard(file, new ObjectMapper().readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  String name() {
    return file.getFileName().toString();
  }

  /** Every panel, including panels nested in collapsed rows. */
  List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : json.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  List<Variable> variables() {
    List<Variable> variables = new ArrayList<>();
    for (JsonNode v : json.path("templating").path("list")) {
      if ("query".equals(v.path("type").asText())) {
        variables.add(
            new Variable(
                v.path("name").asText(), v.path("query").asText(), v.path("allValue").asText()));
      }
    }
    return variables;
  }

  /** Panel targets and annotation queries, in dashboard order. */
  List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(
            new Query(
                String.format(
                    "%s panel %d \"%s\" target %s",
                    name(),
                    panel.path("id").asInt(),
                    panel.path("title").asText(),
                    target.path("refId").asText()),
                target.path("query").asText()));
      }
    }
    for (JsonNode annotation : json.path("annotations").path("list")) {
      if (annotation.has("query")) {
        queries.add(
            new Query(
                name() + " annotation \"" + annotation.path("name").asText() + "\"",
                annotation.path("query").asText()));
      }
    }
    return queries;
  }

  /** Every {@code datasource} object anywhere in the dashboard. */
  List<JsonNode> datasourceReferences() {
    List<JsonNode> refs = new ArrayList<>();
    collectDatasources(json, refs);
    return refs;
  }

  private static void collectDatasources(JsonNode node, List<JsonNode> refs) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                if (field.getKey().equals("datasource")) {
                  refs.add(field.getValue());
                } else {
                  collectDatasources(field.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectDatasources(child, refs));
    }
  }
}
