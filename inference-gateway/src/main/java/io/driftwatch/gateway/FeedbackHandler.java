package io.driftwatch.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.driftwatch.schemas.LabelEvent;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /v1/feedback}: queues the labels for the {@code labels} topic and answers 202 {@code
 * {"accepted": n}}. When the label log is full the labels that did not fit are refused with 503 so
 * the client can retry them.
 */
final class FeedbackHandler {

  private final FeedbackParser parser;
  private final EventLog<LabelEvent> labelLog;
  private final BoundedBody body;
  private final Clock clock;

  FeedbackHandler(
      FeedbackParser parser, EventLog<LabelEvent> labelLog, BoundedBody body, Clock clock) {
    this.parser = parser;
    this.labelLog = labelLog;
    this.body = body;
    this.clock = clock;
  }

  record Accepted(@JsonProperty("accepted") int accepted) {}

  void feedback(Context ctx) {
    List<LabelEvent> labels = parser.parse(body.read(ctx), clock.instant());
    int accepted = 0;
    for (LabelEvent label : labels) {
      if (labelLog.offer(label)) {
        accepted++;
      }
    }
    if (accepted < labels.size()) {
      throw GatewayException.unavailable(
          "label log is full: accepted "
              + accepted
              + " of "
              + labels.size()
              + " labels; retry the request later");
    }
    ctx.status(202).json(new Accepted(accepted));
  }
}
