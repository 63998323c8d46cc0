package io.driftwatch.flink.alerting;

import io.driftwatch.flink.influx.PointMapper;
import io.driftwatch.schemas.Alert;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * Maps an {@link Alert} to a point of measurement {@value #MEASUREMENT}: tags rule, severity,
 * model, version, state and fingerprint (without it two series of one rule and model version, e.g.
 * two features, would overwrite each other in the same window); fields value and threshold
 * (doubles, left out when not finite, as InfluxDB rejects NaN) and message (string); time = window
 * end in ms, so a rewritten transition overwrites its point. Empty model or version tags are left
 * out.
 */
public final class AlertPointMapper implements PointMapper<Alert> {

  private static final long serialVersionUID = 1L;

  public static final String MEASUREMENT = "alerts";

  @Override
  public Point toPoint(Alert alert) {
    Point.Builder point =
        Point.measurement(MEASUREMENT)
            .time(alert.getWindowEnd().toEpochMilli(), TimeUnit.MILLISECONDS)
            .tag("rule", alert.getRule())
            .tag("severity", alert.getSeverity())
            .tag("state", alert.getState().name())
            .tag("fingerprint", alert.getFingerprint())
            .addField("message", alert.getMessage());
    if (!alert.getModel().isEmpty()) {
      point.tag("model", alert.getModel());
    }
    if (!alert.getVersion().isEmpty()) {
      point.tag("version", alert.getVersion());
    }
    if (Double.isFinite(alert.getValue())) {
      point.addField("value", alert.getValue());
    }
    if (Double.isFinite(alert.getThreshold())) {
      point.addField("threshold", alert.getThreshold());
    }
    return point.build();
  }
}
