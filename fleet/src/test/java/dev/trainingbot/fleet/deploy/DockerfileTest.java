package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile builds with the wrapper on JDK 21, and its image runs every service on JRE 21 as the non-root user
 * the Kubernetes pods expect, with the course where the worker's configuration looks for it and a HEALTHCHECK on
 * {@code /healthz}. Read as text: no Docker daemon is needed.
 */
class DockerfileTest {

    private static final String DOCKERFILE = Repository.read("Dockerfile");

    /** The user the image runs as, uid[:gid]'s uid. */
    static String imageUser() {
        Matcher m = Pattern.compile("(?m)^USER\\s+(\\d+)(?::\\d+)?\\s*$").matcher(DOCKERFILE);
        assertThat(m.find())
                .as("a numeric USER, so that runAsNonRoot can verify it")
                .isTrue();
        return m.group(1);
    }

    @Test
    void buildsWithTheWrapperOnJdk21AndRunsOnJre21() {
        assertThat(DOCKERFILE)
                .contains("ARG JDK_IMAGE=eclipse-temurin:21-jdk")
                .contains("ARG JRE_IMAGE=eclipse-temurin:21-jre")
                .contains("FROM ${JDK_IMAGE} AS build")
                .contains("RUN ./mvnw -B -q dependency:go-offline")
                .contains("./mvnw -B -q -DskipTests package");
        assertThat(DOCKERFILE.indexOf("dependency:go-offline"))
                .as("dependencies are fetched before the sources are copied")
                .isLessThan(DOCKERFILE.indexOf("COPY common/src/"));
    }

    @Test
    void runsAsANonRootUser() {
        assertThat(Integer.parseInt(imageUser())).isGreaterThan(0);
    }

    @Test
    void shipsEveryServiceJarAndTheCourseWhereTheWorkerLooksForIt() {
        for (FleetService service : FleetService.values()) {
            assertThat(DOCKERFILE).contains(service.id() + "/target/" + service.id() + ".jar");
            assertThat(DOCKERFILE).contains(service.id() + ")");
        }
        assertThat(DOCKERFILE).containsPattern("(?m)^WORKDIR /app$").contains("COPY content/ /app/content/");
        assertThat(Repository.inImage("/app/content/course.yaml")).exists();
    }

    @Test
    void healthCheckAsksHealthz() {
        assertThat(DOCKERFILE)
                .containsPattern("(?m)^HEALTHCHECK .*CMD \\[\"/app/bin/healthz\"]$")
                .contains("/healthz\"");
    }

    @Test
    void jvmFollowsTheContainersMemoryAndExitsOnOutOfMemory() {
        assertThat(DOCKERFILE).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void onlyTheSourcesReachTheBuilderNeverEnvFilesOrBuildOutput() {
        List<String> rules = Arrays.stream(Repository.read(".dockerignore").split("\n"))
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();

        assertThat(rules.getFirst())
                .as("an allowlist starts by excluding everything")
                .isEqualTo("*");
        assertThat(rules.stream().filter(r -> r.startsWith("!")))
                .noneMatch(r -> r.contains(".env") || r.contains("target") || r.contains(".git"));
        assertThat(rules).contains("!mvnw", "!.mvn/", "!pom.xml", "!*/pom.xml", "!*/src/", "!content/");
    }
}
