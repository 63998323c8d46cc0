# The retraining receiver: `driftwatch retrain` on eclipse-temurin 17, writing new versions into the
# /models volume it shares with the gateway. Build context is the repository root after
# `mvn -B package -DskipTests`:
#   docker build -f deployment/retrainer.Dockerfile -t driftwatch/retrainer .
FROM eclipse-temurin:17-jre

RUN useradd --system --uid 10001 --home-dir /opt/driftwatch driftwatch \
 && mkdir -p /opt/driftwatch /models /var/log/driftwatch \
 && chown driftwatch /models /var/log/driftwatch
WORKDIR /opt/driftwatch
# The CLI is a pathing jar: its manifest Class-Path names lib/*.jar next to it.
COPY local-stack/target/lib/ lib/
COPY local-stack/target/local-stack.jar driftwatch.jar
COPY deployment/retrainer-entrypoint.sh /usr/local/bin/driftwatch-retrainer
RUN chmod 0755 /usr/local/bin/driftwatch-retrainer

# The same uid as the gateway image, so both may write the shared /models volume.
USER driftwatch
VOLUME ["/models"]
EXPOSE 8095
ENTRYPOINT ["driftwatch-retrainer"]
