# Flowpulse image: one image, every service command (ingest, streams, sink, simulate, replay against
# an external Kafka). Only the services' class path (target/lib) is copied: no test framework, no broker.
# Build:  docker build -t flowpulse:dev .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY schemas schemas
COPY platform platform
COPY ingest ingest
COPY streams streams
COPY sink sink
COPY simulator simulator
COPY replay replay
COPY dashboards dashboards
COPY cli cli
RUN ./mvnw -B -q install -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/flowpulse flowpulse \
 && mkdir -p /var/lib/flowpulse /etc/flowpulse && chown flowpulse /var/lib/flowpulse
COPY --from=build /src/cli/app/target/flowpulse-cli.jar /opt/flowpulse/flowpulse-cli.jar
COPY --from=build /src/cli/app/target/lib /opt/flowpulse/lib
USER 10001
WORKDIR /var/lib/flowpulse
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    FLOWPULSE_LOG_FORMAT=json
ENTRYPOINT ["java", "-cp", "/opt/flowpulse/flowpulse-cli.jar:/opt/flowpulse/lib/*", "io.flowpulse.cli.Main"]
CMD ["--help"]
