# syntax=docker/dockerfile:1.7
# The Flowpulse image: one image for every service command (ingest, streams, sink, console,
# simulate; replay against an external Kafka). The runtime holds a Java runtime cut down with
# jlink to the modules the services use, the command's jar and the services' class path
# (cli/app/target/lib: no test framework, no Kafka broker), and runs as an unprivileged user.
#
#   docker build -t flowpulse:0.1.0-SNAPSHOT .
#   docker run --rm flowpulse:0.1.0-SNAPSHOT health http://host:9401/health/ready
#
# cli/app's DockerfileBuildIntegrationTest runs the build stage's steps on a copy of exactly
# the paths copied below: a module missing here fails that test.

FROM eclipse-temurin:17.0.17_10-jdk-noble AS build
WORKDIR /src

# Dependencies first, in a layer rebuilt only when a POM changes: a build of the POMs alone fetches
# every plugin and library the real build uses (dependency:go-offline would also want the site and
# reporting plugins, and misses what plugins fetch as they run, such as protoc). Maven reads every
# module of the root POM, so each one's POM must be here, even those the image does not build.
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY schemas/pom.xml schemas/
COPY platform/runtime/pom.xml platform/runtime/
COPY platform/localstack-broker/pom.xml platform/localstack-broker/
COPY platform/localstack/pom.xml platform/localstack/
COPY platform/testing/pom.xml platform/testing/
COPY ingest/pom.xml ingest/
COPY simulator/pom.xml simulator/
COPY streams/pom.xml streams/
COPY flink/pom.xml flink/
COPY sink/pom.xml sink/
COPY alerting/pom.xml alerting/
COPY console/pom.xml console/
COPY replay/pom.xml replay/
COPY cli/app/pom.xml cli/app/
COPY dashboards/pom.xml dashboards/
RUN mkdir -p schemas/src/main/avro \
 && ./mvnw -B -q -pl cli/app -am package -DskipTests \
 && find . -name target -type d -prune -exec rm -rf {} +

# Then the sources of the modules the command is built from.
COPY schemas schemas
COPY platform platform
COPY ingest ingest
COPY simulator simulator
COPY streams streams
COPY sink sink
COPY alerting alerting
COPY console console
COPY replay replay
COPY cli cli
RUN ./mvnw -B -q -pl cli/app -am package -DskipTests

# A Java runtime with only the modules the class path needs (jdeps), plus those loaded by name at
# run time: EC cryptography for TLS to Kafka and Hubble Relay, and Kerberos for SASL/GSSAPI.
RUN modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 \
        cli/app/target/flowpulse-cli.jar cli/app/target/lib/*.jar)" \
 && jlink --add-modules "$modules,jdk.crypto.ec,jdk.security.auth" \
        --strip-debug --no-man-pages --no-header-files --compress=2 --output jre \
 && jre/bin/java -Xshare:dump

FROM debian:12.11-slim
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="Flowpulse" \
      org.opencontainers.image.description="Network-health analytics for Kubernetes clusters from the Cilium Hubble flow stream" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="docker.io/library/debian:12.11-slim"

RUN groupadd --system --gid 10001 flowpulse \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/flowpulse --no-create-home \
        --shell /usr/sbin/nologin flowpulse \
 && mkdir -p /var/lib/flowpulse \
 && chown 10001:10001 /var/lib/flowpulse

COPY --from=build /src/jre /opt/java
COPY --from=build /src/cli/app/target/lib /opt/flowpulse/lib
COPY --from=build /src/cli/app/target/flowpulse-cli.jar /opt/flowpulse/flowpulse-cli.jar
COPY --chmod=0755 docker/flowpulse /usr/local/bin/flowpulse

ENV JAVA_HOME=/opt/java \
    FLOWPULSE_HOME=/opt/flowpulse \
    FLOWPULSE_LOG_FORMAT=json
USER 10001:10001
WORKDIR /var/lib/flowpulse
ENTRYPOINT ["flowpulse"]
CMD ["--help"]
