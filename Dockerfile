# syntax=docker/dockerfile:1
#
# One image for the three services: ingress, worker and audit-consumer.
#
#   docker build -t trainingbot .
#   docker run -e SERVICE=ingress trainingbot            # runs /app/ingress.jar
#   docker run -e SERVICE=worker trainingbot healthcheck # arguments go to the jar
#   docker run --entrypoint java trainingbot -jar /app/audit-consumer.jar replay --from earliest
#
# SERVICE picks the jar at run time; the build argument of the same name only sets its default, for an image that
# runs one service without further configuration (docker build --build-arg SERVICE=ingress -t trainingbot-ingress .).

ARG JDK_IMAGE=eclipse-temurin:21-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:21-jre-noble

FROM ${JDK_IMAGE} AS build
WORKDIR /src
# The wrapper and every POM first: the dependency layer below is rebuilt only when one of them changes, not on every
# source edit. go-offline skips the reactor's own modules; the few plugin artifacts it cannot foresee are fetched by
# the package step.
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY common/pom.xml common/
COPY testkit/pom.xml testkit/
COPY ingress/pom.xml ingress/
COPY worker/pom.xml worker/
COPY audit-consumer/pom.xml audit-consumer/
COPY fleet/pom.xml fleet/
RUN ./mvnw -B -q dependency:go-offline
COPY common/src/ common/src/
COPY testkit/src/ testkit/src/
COPY ingress/src/ ingress/src/
COPY worker/src/ worker/src/
COPY audit-consumer/src/ audit-consumer/src/
COPY fleet/src/ fleet/src/
# Tests run in CI against real Kafka, Redis and PostgreSQL, which an image build does not have.
RUN ./mvnw -B -q -DskipTests package \
    && mkdir -p /out \
    && cp ingress/target/ingress.jar worker/target/worker.jar audit-consumer/target/audit-consumer.jar /out/

FROM ${JRE_IMAGE}
ARG SERVICE=worker
# curl serves the HEALTHCHECK below and operators in a shell; the base image may or may not ship it.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 trainingbot \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin trainingbot
WORKDIR /app
COPY --from=build /out/ /app/
# The worker's CONTENT_PATH default (content/course.yaml) is relative to this working directory.
COPY content/ /app/content/

COPY --chmod=0755 <<'EOF' /app/bin/trainingbot
#!/bin/sh
# Runs the jar SERVICE names with JAVA_OPTS; the container's arguments go to the jar (healthcheck, replay, ...).
case "$SERVICE" in
  ingress|worker|audit-consumer) ;;
  *) echo "SERVICE must be ingress, worker or audit-consumer, not '$SERVICE'" >&2; exit 64 ;;
esac
# JAVA_OPTS is split on spaces on purpose: it holds several flags.
# shellcheck disable=SC2086
exec java $JAVA_OPTS -jar "/app/$SERVICE.jar" "$@"
EOF

COPY --chmod=0755 <<'EOF' /app/bin/healthz
#!/bin/sh
# Asks the running service's /healthz on HTTP_PORT, else the service's default port (ingress 8080, worker 8081,
# audit-consumer 8082). Exit 0 when it answers 200.
case "$SERVICE" in
  ingress) port=8080 ;;
  worker) port=8081 ;;
  audit-consumer) port=8082 ;;
  *) exit 1 ;;
esac
exec curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${HTTP_PORT:-$port}/healthz"
EOF

# JAVA_OPTS: the heap follows the container's memory limit, leaving a quarter for metaspace, threads, Netty and Kafka
# buffers; an OutOfMemoryError ends the process so that the orchestrator restarts it instead of leaving it half alive;
# G1 explicitly, because below 2 CPUs and 1792 MB the JVM would pick Serial, whose pauses stop every virtual thread.
ENV SERVICE=${SERVICE} \
    LOG_FORMAT=json \
    JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=25.0 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -XX:MaxGCPauseMillis=50"
USER 10001:10001
# ingress (webhook, /healthz, /readyz, /metrics), worker, audit-consumer
EXPOSE 8080 8081 8082
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["/app/bin/healthz"]
ENTRYPOINT ["/app/bin/trainingbot"]
