package io.driftwatch.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The bundled daily weather of Seattle and New York, 2012–2015 (vega-datasets 3.2.1, from NOAA; see
 * {@code weather-SOURCE.md} beside the resource): 2922 rows, 1461 per city, in file order (Seattle
 * first, each city by date). Immutable and thread-safe.
 */
public final class WeatherDataset {

  /** Classpath location of the bundled file. */
  public static final String RESOURCE = "/io/driftwatch/training/weather.csv";

  /** Value of {@link WeatherObservation#location()} for Seattle rows. */
  public static final String SEATTLE = "Seattle";

  /** Value of {@link WeatherObservation#location()} for New York rows. */
  public static final String NEW_YORK = "New York";

  private final List<WeatherObservation> rows;
  private final String sha256;

  private WeatherDataset(List<WeatherObservation> rows, String sha256) {
    this.rows = rows;
    this.sha256 = sha256;
  }

  /** Loads the bundled {@value #RESOURCE} (121 KB, a few milliseconds). */
  public static WeatherDataset bundled() {
    try (InputStream in = WeatherDataset.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      return fromCsv(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Parses CSV bytes in the vega {@code weather.csv} format. */
  public static WeatherDataset fromCsv(byte[] csv) {
    return new WeatherDataset(WeatherCsv.parse(csv), Sha256.hex(csv));
  }

  /**
   * SHA-256 (lower-case hex) of {@code rows} written as canonical CSV. For rows read from the
   * bundled file, in file order, this equals the file's own hash.
   */
  public static String sha256Of(List<WeatherObservation> rows) {
    return Sha256.hex(WeatherCsv.format(rows));
  }

  /** Every row, in file order. */
  public List<WeatherObservation> all() {
    return rows;
  }

  /** The Seattle rows (1461 in the bundled file), by date: the demo model's training data. */
  public List<WeatherObservation> seattle() {
    return at(SEATTLE);
  }

  /** The New York rows (1461 in the bundled file), by date: the demo's drifted traffic. */
  public List<WeatherObservation> newYork() {
    return at(NEW_YORK);
  }

  /** SHA-256 (lower-case hex) of the bytes this dataset was parsed from. */
  public String sha256() {
    return sha256;
  }

  private List<WeatherObservation> at(String location) {
    return rows.stream().filter(r -> r.location().equals(location)).toList();
  }
}
