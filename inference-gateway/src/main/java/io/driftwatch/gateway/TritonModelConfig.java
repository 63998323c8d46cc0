package io.driftwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Triton's {@code config.pbtxt}, protobuf text of its {@code ModelConfig}, read with protobuf's own
 * text parser against the part of Triton's {@code model_config.proto} the gateway uses: {@code
 * name}, {@code platform}, {@code version_policy}, {@code max_batch_size} and {@code
 * dynamic_batching} with their Triton field names and types. Every other field of a Triton
 * configuration ({@code input}, {@code output}, {@code instance_group}, ...) is skipped, so a model
 * directory copied from a Triton repository loads as it is. The result is the same JSON tree {@code
 * config.json} holds. Thread-safe.
 */
final class TritonModelConfig {

  private static final Descriptor MODEL_CONFIG = modelConfig();

  private static final TextFormat.Parser PARSER =
      TextFormat.Parser.newBuilder().setAllowUnknownFields(true).build();

  /**
   * Allowing unknown fields makes the parser log them as a java.util.logging WARNING on every
   * parse; every Triton configuration has some ({@code input}, {@code output}) and is read at every
   * poll, so that one message is dropped. Held here because java.util.logging keeps loggers weakly.
   */
  private static final java.util.logging.Logger TEXT_FORMAT_LOG = quietUnknownFieldWarnings();

  private TritonModelConfig() {}

  /**
   * The configuration's fields as {@code config.json} would hold them.
   *
   * @throws TextFormat.ParseException saying where the text is not a {@code ModelConfig}
   */
  static ObjectNode parse(String text) throws TextFormat.ParseException {
    DynamicMessage.Builder config = DynamicMessage.newBuilder(MODEL_CONFIG);
    PARSER.merge(withoutFieldSeparators(text), config);
    return toJson(config.build());
  }

  /**
   * The text with the optional {@code ,} or {@code ;} after a field blanked out. protobuf-java's
   * parser, skipping an unknown field, leaves such a separator behind and then fails on it ({@code
   * input [ ... ],} at the top level); separators between list elements are kept. Strings and
   * comments are copied as they are.
   */
  static String withoutFieldSeparators(String text) {
    StringBuilder out = new StringBuilder(text.length());
    Deque<Character> open = new ArrayDeque<>();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != c && text.charAt(end) != '\n') {
          end += text.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end, text.length() - 1);
        out.append(text, i, end + 1);
        i = end;
      } else if (c == '#') {
        int end = text.indexOf('\n', i);
        end = end < 0 ? text.length() - 1 : end;
        out.append(text, i, end + 1);
        i = end;
      } else {
        switch (c) {
          case '[', '{', '<' -> open.push(c);
          case ']', '}', '>' -> open.poll();
          default -> {}
        }
        boolean fieldSeparator =
            (c == ',' || c == ';') && !Character.valueOf('[').equals(open.peek());
        out.append(fieldSeparator ? ' ' : c);
      }
    }
    return out.toString();
  }

  private static java.util.logging.Logger quietUnknownFieldWarnings() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(TextFormat.class.getName());
    log.setFilter(
        record ->
            record.getMessage() == null
                || !record.getMessage().startsWith("Input contains unknown fields"));
    return log;
  }

  private static ObjectNode toJson(Message message) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      FieldDescriptor descriptor = field.getKey();
      if (descriptor.isRepeated()) {
        ArrayNode values = json.putArray(descriptor.getName());
        for (Object value : (List<?>) field.getValue()) {
          values.add(toJson(descriptor, value));
        }
      } else {
        json.set(descriptor.getName(), toJson(descriptor, field.getValue()));
      }
    }
    return json;
  }

  /** One value; Java holds uint32 and uint64 in int and long, so they are read unsigned. */
  private static JsonNode toJson(FieldDescriptor field, Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (field.getType()) {
      case MESSAGE -> toJson((Message) value);
      case UINT32 -> nodes.numberNode(Integer.toUnsignedLong((Integer) value));
      case UINT64 -> nodes.numberNode(new BigInteger(Long.toUnsignedString((Long) value)));
      case INT32 -> nodes.numberNode((Integer) value);
      case INT64 -> nodes.numberNode((Long) value);
      case BOOL -> nodes.booleanNode((Boolean) value);
      default -> nodes.textNode(value.toString());
    };
  }

  /** The subset of Triton's {@code inference.ModelConfig} (model_config.proto) read here. */
  private static Descriptor modelConfig() {
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("driftwatch/triton_model_config_subset.proto")
            .setPackage("inference")
            // proto2: a field set to its default (max_batch_size: 0) is still present.
            .setSyntax("proto2")
            .addMessageType(
                message(
                        "ModelVersionPolicy",
                        field("latest", 1, ".inference.ModelVersionPolicy.Latest"),
                        field("all", 2, ".inference.ModelVersionPolicy.All"),
                        field("specific", 3, ".inference.ModelVersionPolicy.Specific"))
                    .addNestedType(message("Latest", field("num_versions", 1, Type.TYPE_UINT32)))
                    .addNestedType(message("All"))
                    .addNestedType(
                        message("Specific", repeated(field("versions", 1, Type.TYPE_INT64)))))
            .addMessageType(
                message(
                    "ModelQueuePolicy",
                    field("default_timeout_microseconds", 2, Type.TYPE_UINT64),
                    field("allow_timeout_override", 3, Type.TYPE_BOOL),
                    field("max_queue_size", 4, Type.TYPE_UINT32)))
            .addMessageType(
                message(
                    "ModelDynamicBatching",
                    repeated(field("preferred_batch_size", 1, Type.TYPE_INT32)),
                    field("max_queue_delay_microseconds", 2, Type.TYPE_UINT64),
                    field("preserve_ordering", 3, Type.TYPE_BOOL),
                    field("default_queue_policy", 5, ".inference.ModelQueuePolicy")))
            .addMessageType(
                message(
                    "ModelConfig",
                    field("name", 1, Type.TYPE_STRING),
                    field("platform", 2, Type.TYPE_STRING),
                    field("version_policy", 3, ".inference.ModelVersionPolicy"),
                    field("max_batch_size", 4, Type.TYPE_INT32),
                    field("dynamic_batching", 11, ".inference.ModelDynamicBatching"),
                    field("backend", 17, Type.TYPE_STRING)))
            .build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[0])
          .findMessageTypeByName("ModelConfig");
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("the ModelConfig subset does not build", e);
    }
  }

  private static DescriptorProto.Builder message(String name, FieldDescriptorProto... fields) {
    return DescriptorProto.newBuilder().setName(name).addAllField(List.of(fields));
  }

  private static FieldDescriptorProto field(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(Label.LABEL_OPTIONAL)
        .build();
  }

  private static FieldDescriptorProto field(String name, int number, String messageType) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(Type.TYPE_MESSAGE)
        .setTypeName(messageType)
        .setLabel(Label.LABEL_OPTIONAL)
        .build();
  }

  private static FieldDescriptorProto repeated(FieldDescriptorProto field) {
    return field.toBuilder().setLabel(Label.LABEL_REPEATED).build();
  }
}
