# syntax=docker/dockerfile:1
# The image of each of the four services: they differ only in their Maven module and port.
# Build from the repository root, which the Maven reactor needs:
#   docker build --build-arg MODULE=api-service --build-arg PORT=8080 -t leaderboard/api-service:0.1.0 .
# docker-compose.yml passes the arguments of each service. db/Dockerfile is the
# migrations image.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
ARG MODULE
# The cache mount keeps ~/.m2 between builds; tests run in CI, not in image builds.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" || { echo "--build-arg MODULE=<service module> is required" >&2; exit 1; }; \
    mvn -B -q -pl ${MODULE} -am -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre-noble AS layers
ARG MODULE
WORKDIR /layers
# the runnable jar carries the "exec" classifier (root pom.xml)
COPY --from=build /src/${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre-noble
# curl only for the compose healthcheck: newer Temurin images no longer promise curl or wget,
# and a JVM-based probe would cost a JVM start every few seconds.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent app
WORKDIR /app
# least to most often changed, so a code change rebuilds only the last layer
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
USER 10001:10001
# the port the service listens on (its server.port); documentation for docker run -P
ARG PORT
EXPOSE ${PORT}
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]
