package io.driftwatch.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.driftwatch.schemas.LabelEvent;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /v1/feedback}: queues the labels for the {@code labels} topic and answers 202 {@code
 * {"accepted": n}}. When the label log is full, labels are taken in request order up to the first
 * that does not fit and the rest refused with 503 and {@code Retry-After}, saying how many of the
 * first were taken ({@code {"error": "...", "accepted": n}}), so a client resends exactly the
 * others and no label is sent twice.
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

  /** A 503's body: the gateway's {@code error} shape, and how many of the labels were taken. */
  record Refused(@JsonProperty("error") String error, @JsonProperty("accepted") int accepted) {}

  void feedback(Context ctx) {
    List<LabelEvent> labels = parser.parse(body.read(ctx), clock.instant());
    int accepted = 0;
    while (accepted < labels.size() && labelLog.offer(labels.get(accepted))) {
      accepted++;
    }
    if (accepted < labels.size()) {
      ctx.status(503)
          .header("Retry-After", Integer.toString(GatewayException.RETRY_AFTER_SECONDS))
          .json(
              new Refused(
                  "label log is full: accepted the first "
                      + accepted
                      + " of "
                      + labels.size()
                      + " labels; send the other "
                      + (labels.size() - accepted)
                      + " again later",
                  accepted));
      return;
    }
    ctx.status(202).json(new Accepted(accepted));
  }
}
