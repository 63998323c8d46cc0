package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.schemas.LabelEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackParserTest {

  private static final Instant ACCEPTED_AT = Instant.parse("2025-03-01T12:00:00Z");
  private final FeedbackParser parser = new FeedbackParser(new ObjectMapper());

  private List<LabelEvent> parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8), ACCEPTED_AT);
  }

  @Test
  void aStringLabelIsAClassAndANumberARegressionTarget() {
    List<LabelEvent> labels =
        parse("[{\"id\": \"a\", \"label\": \"rain\"}, {\"id\": \"b\", \"label\": 2.5}]");

    assertThat(labels)
        .containsExactly(
            new LabelEvent("a", "rain", null, ACCEPTED_AT),
            new LabelEvent("b", null, 2.5, ACCEPTED_AT));
  }

  @Test
  void acceptsASingleObject() {
    assertThat(parse("{\"id\": \"a\", \"label\": \"sun\"}"))
        .containsExactly(new LabelEvent("a", "sun", null, ACCEPTED_AT));
  }

  @Test
  void refusesBadItemsNamingWhichOne() {
    assertThatThrownBy(() -> parse("[{\"id\": \"a\", \"label\": \"x\"}, {\"label\": \"y\"}]"))
        .isInstanceOf(GatewayException.class)
        .hasMessage("feedback[1].id must be the request id as a non-empty string");
    assertThatThrownBy(() -> parse("{\"id\": \"a\"}"))
        .hasMessage("feedback.label must be a string (class) or a number");
    assertThatThrownBy(() -> parse("{\"id\": \"a\", \"label\": true}"))
        .hasMessage("feedback.label must be a string (class) or a number");
    assertThatThrownBy(() -> parse("[]")).hasMessageContaining("non-empty array");
    assertThatThrownBy(() -> parse("[\"a\"]"))
        .hasMessage("feedback[0] must be an object with id and label");
    assertThatThrownBy(() -> parse("{\"id\": ")).hasMessageStartingWith("malformed JSON");
  }
}
