package io.driftwatch.training;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the {@code weather.csv} format of vega-datasets: a header line {@value #HEADER}
 * and one unquoted, comma-separated row per day, LF line endings, UTF-8.
 *
 * <p>{@link #format} writes numbers with {@link Double#toString(double)}, which reproduces the
 * bundled file byte for byte, so a hash of {@code format(rows)} identifies a set of training rows
 * the same way whether they came from the file or from code. Stateless and thread-safe.
 */
final class WeatherCsv {

  static final String HEADER = "location,date,precipitation,temp_max,temp_min,wind,weather";
  private static final int COLUMNS = 7;

  private WeatherCsv() {}

  /** Parses the whole file; errors name the 1-based line number. */
  static List<WeatherObservation> parse(byte[] csv) {
    String[] lines = new String(csv, StandardCharsets.UTF_8).split("\r?\n");
    if (lines.length == 0 || !lines[0].equals(HEADER)) {
      throw new IllegalArgumentException("weather csv: expected header '" + HEADER + "'");
    }
    List<WeatherObservation> rows = new ArrayList<>(lines.length - 1);
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isEmpty()) {
        rows.add(parseLine(lines[i], i + 1));
      }
    }
    return List.copyOf(rows);
  }

  /** The canonical CSV text of {@code rows}, header first, each line ending in LF. */
  static byte[] format(List<WeatherObservation> rows) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (WeatherObservation r : rows) {
      out.append(r.location())
          .append(',')
          .append(r.date())
          .append(',')
          .append(r.precipitation())
          .append(',')
          .append(r.tempMax())
          .append(',')
          .append(r.tempMin())
          .append(',')
          .append(r.wind())
          .append(',')
          .append(r.weather())
          .append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static WeatherObservation parseLine(String line, int lineNumber) {
    String[] cells = line.split(",", -1);
    if (cells.length != COLUMNS) {
      throw new IllegalArgumentException(
          "weather csv line " + lineNumber + ": expected 7 columns, got " + cells.length);
    }
    try {
      return new WeatherObservation(
          cells[0],
          LocalDate.parse(cells[1]),
          Double.parseDouble(cells[2]),
          Double.parseDouble(cells[3]),
          Double.parseDouble(cells[4]),
          Double.parseDouble(cells[5]),
          cells[6]);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "weather csv line " + lineNumber + ": " + e.getMessage(), e);
    }
  }
}
