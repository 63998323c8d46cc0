package io.driftwatch.training;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One day of weather in one city, as a row of {@code weather.csv}.
 *
 * @param location city, {@code "Seattle"} or {@code "New York"} in the bundled data
 * @param date the day (local date, no time zone in the source)
 * @param precipitation precipitation in mm, {@code >= 0}
 * @param tempMax daily maximum temperature in °C
 * @param tempMin daily minimum temperature in °C
 * @param wind mean wind speed (km/h according to the data package; m/s-sized values in practice)
 * @param weather the synthesized label: drizzle, fog, rain, snow or sun
 */
public record WeatherObservation(
    String location,
    LocalDate date,
    double precipitation,
    double tempMax,
    double tempMin,
    double wind,
    String weather) {

  /** The model's input features, in the order of {@link #features()}. */
  public static final List<String> FEATURE_NAMES =
      List.of("precipitation", "temp_max", "temp_min", "wind");

  public WeatherObservation {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(weather, "weather");
    requireFinite("precipitation", precipitation);
    requireFinite("temp_max", tempMax);
    requireFinite("temp_min", tempMin);
    requireFinite("wind", wind);
  }

  /** Feature values in the order of {@link #FEATURE_NAMES}; a fresh array on every call. */
  public double[] features() {
    return new double[] {precipitation, tempMax, tempMin, wind};
  }

  private static void requireFinite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + ": must be a finite number, got " + value);
    }
  }
}
