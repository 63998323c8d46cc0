package io.driftwatch.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeatherDatasetTest {

  private static final String BUNDLED_SHA256 =
      "27219f1ca8dbd94c9b6f4b9f4f52ab2f1eb33dfdcf719cd9fc6481ed50b74549";
  private static final LocalDate FIRST_DAY = LocalDate.of(2012, 1, 1);
  private static final LocalDate LAST_DAY = LocalDate.of(2015, 12, 31);

  private final WeatherDataset dataset = WeatherDataset.bundled();

  @Test
  void holdsFourYearsOfDailyWeatherForEachCity() {
    assertThat(dataset.all()).hasSize(2922);
    assertThat(dataset.seattle()).hasSize(1461);
    assertThat(dataset.newYork()).hasSize(1461);
    for (List<WeatherObservation> city : List.of(dataset.seattle(), dataset.newYork())) {
      assertThat(city)
          .extracting(WeatherObservation::date)
          .isSorted()
          .doesNotHaveDuplicates()
          .startsWith(FIRST_DAY)
          .endsWith(LAST_DAY);
    }
  }

  @Test
  void listsSeattleFirstSoTheDemoCanReplayItBeforeNewYork() {
    assertThat(dataset.all().subList(0, 1461)).isEqualTo(dataset.seattle());
    assertThat(dataset.all().subList(1461, 2922)).isEqualTo(dataset.newYork());
  }

  @Test
  void parsesEveryColumnOfARow() {
    assertThat(dataset.all().get(1))
        .isEqualTo(
            new WeatherObservation(
                "Seattle", LocalDate.of(2012, 1, 2), 10.9, 10.6, 2.8, 4.5, "rain"));
  }

  @Test
  void labelsAreTheFiveSynthesizedWeatherKinds() {
    assertThat(dataset.all())
        .extracting(WeatherObservation::weather)
        .containsOnly("drizzle", "fog", "rain", "snow", "sun");
  }

  @Test
  void hashMatchesTheOneRecordedInTheSourceNote() throws IOException {
    assertThat(dataset.sha256()).isEqualTo(BUNDLED_SHA256);
    try (InputStream note =
        WeatherDataset.class.getResourceAsStream("/io/driftwatch/training/weather-SOURCE.md")) {
      assertThat(note).isNotNull();
      assertThat(new String(note.readAllBytes(), StandardCharsets.UTF_8))
          .contains(BUNDLED_SHA256)
          .contains("vega-datasets")
          .contains("3.2.1");
    }
  }

  @Test
  void canonicalCsvOfAllRowsReproducesTheBundledFileHash() {
    assertThat(WeatherDataset.sha256Of(dataset.all())).isEqualTo(dataset.sha256());
    assertThat(WeatherDataset.sha256Of(dataset.seattle())).isNotEqualTo(dataset.sha256());
  }

  @Test
  void rejectsAFileWithAnotherHeader() {
    byte[] csv = "city,date\nSeattle,2012-01-01\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> WeatherDataset.fromCsv(csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header");
  }

  @Test
  void namesTheLineOfAMalformedRow() {
    byte[] csv =
        (WeatherCsv.HEADER + "\nSeattle,2012-01-01,0.0,12.8,5.0,4.7,drizzle\nSeattle,oops,1,2\n")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> WeatherDataset.fromCsv(csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3");
  }
}
