package io.driftwatch.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One tensor of a model's metadata, as {@code GET /v2/models/{m}} shows it.
 *
 * @param shape dimensions, -1 for a dynamic one
 */
record TensorMetadata(
    @JsonProperty("name") String name,
    @JsonProperty("datatype") String datatype,
    @JsonProperty("shape") List<Long> shape) {

  TensorMetadata {
    shape = List.copyOf(shape);
  }
}
