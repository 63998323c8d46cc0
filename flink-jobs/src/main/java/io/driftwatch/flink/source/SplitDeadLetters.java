package io.driftwatch.flink.source;

import io.driftwatch.schemas.DeadLetter;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Emits the decoded records of a source and sends its dead letters to the side output {@link
 * #DEAD_LETTERS}. Stateless; chained to the source, so a record is never serialized in between.
 *
 * @param <T> the decoded record type
 */
public final class SplitDeadLetters<T> extends ProcessFunction<Either<DeadLetter, T>, T>
    implements ResultTypeQueryable<T> {

  private static final long serialVersionUID = 1L;

  /** The side output of records that could not be used, with the reason. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", new AvroSpecificTypeInfo<>(DeadLetter.class));

  private final TypeInformation<T> type;

  public SplitDeadLetters(TypeInformation<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public void processElement(Either<DeadLetter, T> record, Context ctx, Collector<T> out) {
    if (record.isRight()) {
      out.collect(record.right());
    } else {
      ctx.output(DEAD_LETTERS, record.left());
    }
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return type;
  }
}
