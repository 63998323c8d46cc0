# Flink JobManager and TaskManager with the monitoring job's cluster jar in usrlib/, for application
# mode (`standalone-job --job-classname io.driftwatch.flink.MonitoringJob`). Build context is the
# repository root after `mvn -B package -DskipTests` (which writes flink-jobs/target/driftwatch-monitor.jar):
#   docker build -f deployment/flink.Dockerfile -t driftwatch/flink .
# The tag follows <flink.version> in the root pom.xml.
FROM flink:2.2.1-java17

COPY --chown=flink:flink flink-jobs/target/driftwatch-monitor.jar /opt/flink/usrlib/driftwatch-monitor.jar
# The checkpoint volume is mounted here; a named volume takes over this directory's owner.
RUN mkdir -p /opt/flink/checkpoints && chown flink:flink /opt/flink/checkpoints
