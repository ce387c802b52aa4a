# Latchkey's container image. Build the jar first, then the image (Docker or Podman):
#
#   ./mvnw -B -q package -DskipTests
#   docker build -t latchkey:local .    # podman: podman build --format docker -t latchkey:local .
#
# (--format docker keeps the HEALTHCHECK: Podman's default OCI format has no health check.)
# The image copies the jar the build made instead of building it in a stage of its own: a Maven stage would
# download every dependency on every clean build.
FROM debian:bookworm-slim

# the JRE from the distribution (security updates through bookworm-security), tini as PID 1 (it hands SIGTERM to the
# JVM and reaps the processes the health check leaves), curl for the health check
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-17-jre-headless tini curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# a user of its own (numeric, so that Kubernetes' runAsNonRoot can check it); the data directory is the
# embedded database's and the pepper file's (latchkey.data-dir and the H2 URL are relative to /app: ./data)
RUN groupadd --system --gid 10001 latchkey \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin latchkey \
 && mkdir -p /app/data \
 && chown 10001:10001 /app/data \
 && chmod 0700 /app/data

COPY bootstrap/target/latchkey.jar /app/latchkey.jar

WORKDIR /app
USER 10001:10001
VOLUME /app/data

# the heap follows the container's memory limit (75 % of it; the rest is metaspace, threads, Netty's buffers), and
# an OutOfMemoryError ends the process so that the orchestrator restarts it. Override the whole variable to change
# them (e.g. -e JAVA_TOOL_OPTIONS="-Xmx512m -XX:+ExitOnOutOfMemoryError"); the JVM prints the value it picked up.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    LANG=C.UTF-8

EXPOSE 8080

# /livez: the process is up (it touches no database). MICRONAUT_SERVER_PORT moves the port, and the check with it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${MICRONAUT_SERVER_PORT:-8080}/livez" || exit 1

# SIGTERM (docker stop, Kubernetes) reaches the JVM through tini: in-flight requests finish (up to
# MICRONAUT_LIFECYCLE_GRACEFUL_SHUTDOWN_GRACE_PERIOD, 30 s), then it stops. Give docker stop / compose's
# stop_grace_period / Kubernetes' terminationGracePeriodSeconds more than that.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-jar", "/app/latchkey.jar"]
# the jar's command: serve (the default); `docker run --rm latchkey:local generate-key` prints a key and exits
CMD ["serve"]
