# The inference gateway: `driftwatch gateway` on eclipse-temurin 17, serving /models (seeded with the
# demo model when empty). Build context is the repository root after `mvn -B package -DskipTests`:
#   docker build -f deployment/gateway.Dockerfile -t driftwatch/gateway .
FROM eclipse-temurin:17-jre

RUN useradd --system --uid 10001 --home-dir /opt/driftwatch driftwatch \
 && mkdir -p /opt/driftwatch /models /var/log/driftwatch \
 && chown driftwatch /models /var/log/driftwatch
WORKDIR /opt/driftwatch
# The CLI is a pathing jar: its manifest Class-Path names lib/*.jar next to it.
COPY local-stack/target/lib/ lib/
COPY local-stack/target/local-stack.jar driftwatch.jar
COPY deployment/gateway-entrypoint.sh /usr/local/bin/driftwatch-gateway
RUN chmod 0755 /usr/local/bin/driftwatch-gateway

USER driftwatch
VOLUME ["/models"]
EXPOSE 8080
ENTRYPOINT ["driftwatch-gateway"]
