package io.driftwatch.stats.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DriftDetectorsTest {

  @Test
  void createsEachDetectorByNameWithItsDefaults() {
    assertThat(DriftDetectors.create("adwin")).isInstanceOf(Adwin.class);
    assertThat(DriftDetectors.create("ddm")).isInstanceOf(Ddm.class);
    assertThat(DriftDetectors.create("page_hinkley")).isInstanceOf(PageHinkley.class);
    assertThat(DriftDetectors.create("adwin").config()).isEqualTo(Adwin.Config.defaults());
  }

  @Test
  void namesTheKnownDetectorsWhenTheNameIsUnknown() {
    assertThatThrownBy(() -> DriftDetectors.create("eddm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'eddm'")
        .hasMessageContaining("[adwin, ddm, page_hinkley]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"adwin", "ddm", "page_hinkley"})
  void everyDetectorRoundTripsThroughTheDispatchingReader(String name) {
    DriftDetector original = DriftDetectors.create(name);
    double[] errors = ErrorStreams.step(13, 0.1, 0.5, 4000);
    for (int i = 0; i < 1500; i++) {
      original.update(errors[i]);
    }

    DriftDetector restored = DriftDetectors.fromByteArray(original.toByteArray());
    DriftDetector copy = original.copy();

    assertThat(restored.name()).isEqualTo(name);
    assertThat(restored.config()).isEqualTo(original.config());
    for (int i = 1500; i < errors.length; i++) {
      DetectorState expected = original.update(errors[i]);
      assertThat(restored.update(errors[i])).as("restored at %d", i).isEqualTo(expected);
      assertThat(copy.update(errors[i])).as("copy at %d", i).isEqualTo(expected);
    }
    assertThat(restored.toByteArray()).isEqualTo(original.toByteArray());
  }

  @ParameterizedTest
  @ValueSource(strings = {"adwin", "ddm", "page_hinkley"})
  void configsSurviveJavaSerializationForOperatorConstructors(String name) throws Exception {
    DetectorConfig config = DriftDetectors.defaults(name);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(config);
    }

    Object read;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = in.readObject();
    }

    assertThat(read).isEqualTo(config);
    assertThat(((DetectorConfig) read).newDetector().name()).isEqualTo(name);
  }

  @Test
  void refusesUnknownTypeBytesAndEmptyInput() {
    assertThatThrownBy(() -> DriftDetectors.fromByteArray(new byte[] {9, 1}))
        .hasMessageContaining("unknown detector type byte 9");
    assertThatThrownBy(() -> DriftDetectors.fromByteArray(new byte[0]))
        .hasMessageContaining("empty");
  }

  @Test
  void refusesAnUnknownFormatByte() {
    byte[] bytes = new Ddm().toByteArray();
    bytes[1] = 7;

    assertThatThrownBy(() -> DriftDetectors.fromByteArray(bytes))
        .hasMessageContaining("unknown ddm format 7");
  }
}
