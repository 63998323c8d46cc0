package io.driftwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every wire schema must stay readable both ways against the copy last released (committed under
 * {@code src/test/resources/released}): new readers read old records and old readers read new ones.
 */
class SchemaCompatibilityTest {

  static List<Class<?>> wireTypes() {
    return List.of(
        PredictionEvent.class,
        LabelEvent.class,
        ModelEvent.class,
        Alert.class,
        ReferenceProfile.class,
        DeadLetter.class);
  }

  @ParameterizedTest
  @MethodSource("wireTypes")
  void currentSchemaReadsRecordsWrittenWithTheReleasedOne(Class<?> type) throws IOException {
    Schema current = SpecificData.get().getSchema(type);
    Schema released = released(type);

    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
        .as("new reader, released writer: %s", type.getSimpleName())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @ParameterizedTest
  @MethodSource("wireTypes")
  void releasedSchemaReadsRecordsWrittenWithTheCurrentOne(Class<?> type) throws IOException {
    Schema current = SpecificData.get().getSchema(type);
    Schema released = released(type);

    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, current).getType())
        .as("released reader, new writer: %s", type.getSimpleName())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @ParameterizedTest
  @MethodSource("wireTypes")
  void everyFieldIsDocumented(Class<?> type) {
    assertFieldsDocumented(SpecificData.get().getSchema(type));
  }

  private static void assertFieldsDocumented(Schema schema) {
    switch (schema.getType()) {
      case RECORD -> {
        for (Schema.Field field : schema.getFields()) {
          assertThat(field.doc()).as("doc of %s.%s", schema.getName(), field.name()).isNotBlank();
          assertFieldsDocumented(field.schema());
        }
      }
      case UNION -> schema.getTypes().forEach(SchemaCompatibilityTest::assertFieldsDocumented);
      case ARRAY -> assertFieldsDocumented(schema.getElementType());
      case MAP -> assertFieldsDocumented(schema.getValueType());
      default -> {}
    }
  }

  private static Schema released(Class<?> type) throws IOException {
    String resource = "/released/" + type.getSimpleName() + ".avsc";
    try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("released copy %s", resource).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }
}
