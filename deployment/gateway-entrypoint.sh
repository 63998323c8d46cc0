#!/bin/sh
# Runs `driftwatch gateway` on 0.0.0.0:8080 over /models; extra arguments (e.g. --kafka HOST:PORT)
# are passed through. An empty /models is seeded with the demo model first, so the stack has
# something to serve; mount your own Triton-layout repository there to serve your models.
set -eu
JAR=/opt/driftwatch/driftwatch.jar
JVM="-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftwatch -Ddriftwatch.log.dir=/var/log/driftwatch"
if [ -z "$(ls -A /models 2>/dev/null)" ]; then
  echo "driftwatch-gateway: /models is empty, writing the demo model" >&2
  # shellcheck disable=SC2086
  java $JVM -cp "$JAR" io.driftwatch.training.DemoModel /models >&2
fi
# shellcheck disable=SC2086
exec java $JVM ${JAVA_OPTS:-} -jar "$JAR" gateway --model-repository /models --host 0.0.0.0 --port 8080 "$@"
