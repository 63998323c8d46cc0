#!/bin/sh
# Runs `driftwatch retrain` on 0.0.0.0:8095 over /models; extra arguments (e.g. --bootstrap-servers,
# --gateway-url, --auto-rollback) are passed through. The webhook secret comes from the environment
# variable RETRAIN_WEBHOOK_SECRET (docker-compose's .env) and goes to the CLI as a file, so it never
# shows in the process list.
set -eu
JAR=/opt/driftwatch/driftwatch.jar
JVM="-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftwatch -Ddriftwatch.log.dir=/var/log/driftwatch"
SECRET_ARGS=""
if [ -n "${RETRAIN_WEBHOOK_SECRET:-}" ]; then
  umask 077
  SECRET_FILE="$(mktemp)"
  printf '%s' "$RETRAIN_WEBHOOK_SECRET" > "$SECRET_FILE"
  SECRET_ARGS="--secret-file $SECRET_FILE"
fi
# shellcheck disable=SC2086
exec java $JVM ${JAVA_OPTS:-} -jar "$JAR" retrain --model-repository /models --host 0.0.0.0 --port 8095 $SECRET_ARGS "$@"
