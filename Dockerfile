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

# JDK 25 builds the Java 21 bytecode and runs it: its AOT cache (JEP 483, 514, 515) starts the services warm.
ARG JDK_IMAGE=eclipse-temurin:25-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25-jre-noble

FROM ${JDK_IMAGE} AS build
WORKDIR /src
# The tree .dockerignore lets through: the wrapper, every module's POM and sources, so a module the reactor gains is
# built without touching this file. The local repository is a cache mount: the dependencies are downloaded once per
# builder, not again on every source edit. Only Maven runs in this stage: the deployment tests run the same command
# over the same files (DockerBuildIT), offline, without a Docker daemon.
COPY . .
# Tests run in CI against real Kafka, Redis and PostgreSQL, which an image build does not have; the formatter has
# nothing to do on committed sources.
RUN --mount=type=cache,id=trainingbot-m2,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dspotless.skip=true -pl ingress,worker,audit-consumer -am package

FROM ${JRE_IMAGE}
ARG SERVICE=worker
# curl serves the HEALTHCHECK below and operators in a shell; the base image may or may not ship it.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 trainingbot \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin trainingbot
WORKDIR /app
COPY --from=build /src/ingress/target/ingress.jar /src/worker/target/worker.jar /src/audit-consumer/target/audit-consumer.jar /app/
# The worker's CONTENT_PATH default (content/course.yaml) is relative to this working directory.
COPY content/ /app/content/

COPY --chmod=0755 <<'EOF' /app/bin/trainingbot
#!/bin/sh
# Runs the jar SERVICE names with its AOT cache and JAVA_OPTS; the container's arguments go to the jar (healthcheck,
# replay, ...).
case "$SERVICE" in
  ingress|worker|audit-consumer) ;;
  *) echo "SERVICE must be ingress, worker or audit-consumer, not '$SERVICE'" >&2; exit 64 ;;
esac
# JAVA_OPTS is split on spaces on purpose: it holds several flags.
# shellcheck disable=SC2086
exec java -XX:AOTCache="/app/$SERVICE.aot" $JAVA_OPTS -jar "/app/$SERVICE.jar" "$@"
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
# An AOT cache per service (/app/<service>.aot), recorded by a training run with the runtime's JAVA_OPTS: the
# healthcheck loads and links the configuration, the Kafka, Redis, PostgreSQL, Telegram and HTTP clients and the
# logging, then fails on the servers a build does not have (hence `|| true`; the cache is written at exit all the
# same). The worker's run (aot-training) first spends its self-warm-up on the course in /app/content, so that the
# cache also holds the hot path's parsing, rendering and JSON writing with their method profiles. The start script
# maps the cache, so a service reaches /readyz sooner and its first updates run warmer; a cache that does not match
# the JVM or the jar is ignored with a warning, never fatal. The deployment tests run this line (AotTrainingIT).
RUN set -e; \
    for service in ingress worker audit-consumer; do \
      training=healthcheck; if [ "$service" = worker ]; then training=aot-training; fi; \
      env KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9 REDIS_URL=redis://127.0.0.1:9 DATABASE_URL=postgresql://aot@127.0.0.1:9/aot \
          BOT_TOKEN=0:aot-training TELEGRAM_API_URL=http://127.0.0.1:9 \
        java $JAVA_OPTS -XX:AOTCacheOutput="/app/$service.aot" -jar "/app/$service.jar" "$training" >/dev/null 2>&1 || true; \
      test -s "/app/$service.aot"; \
    done
USER 10001:10001
# ingress (webhook, /healthz, /readyz, /metrics), worker, audit-consumer
EXPOSE 8080 8081 8082
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["/app/bin/healthz"]
ENTRYPOINT ["/app/bin/trainingbot"]
