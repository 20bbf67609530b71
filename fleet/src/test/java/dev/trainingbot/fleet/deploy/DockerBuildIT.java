package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trainingbot.fleet.deploy.Dockerfile.Instruction;
import dev.trainingbot.fleet.deploy.Dockerfile.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's build stage, run for real without a Docker daemon: exactly the files its COPY lines deliver (through
 * .dockerignore) are assembled in an empty directory, and its RUN command — Maven — runs there, offline from the local
 * repository that the build of these tests filled. A module the copies miss, or a jar the image copies that the
 * build does not make, fails it. About a minute: it compiles the services once more.
 */
class DockerBuildIT {

    @Test
    void theBuildStageMakesEveryJarTheImageCopiesFromWhatItsCopyLinesDeliver(@TempDir Path context) throws IOException {
        String localRepository = System.getProperty("maven.repo.local", "");
        assumeTrue(!localRepository.isEmpty(), "skipped: run through Maven, which names the local repository");
        for (Map.Entry<Path, Path> file : DockerfileTest.buildStageFiles().entrySet()) {
            Path target = context.resolve(file.getValue());
            Files.createDirectories(target.getParent());
            Files.copy(Repository.file(file.getKey().toString()), target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Stage build = Dockerfile.load().stage("build");

        for (Instruction run : build.all("RUN")) {
            assertThat(run.text())
                    .as("the build stage runs the wrapper only, so that this test can run it outside Docker")
                    .startsWith("./mvnw ");
            ExternalTool.at(Path.of("/bin/sh"))
                    .in(context)
                    .within(Duration.ofMinutes(8))
                    .run(
                            List.of("-c", run.text()),
                            Map.of(
                                    "JAVA_HOME",
                                    System.getProperty("java.home"),
                                    // Maven 3.9 appends MAVEN_ARGS to the command line: offline, from the local
                                    // repository.
                                    "MAVEN_ARGS",
                                    "-o -Dmaven.repo.local=" + localRepository));
        }

        for (Stage stage : Dockerfile.load().stages()) {
            for (Instruction copy : stage.all("COPY")) {
                if ("build".equals(copy.flags().get("from"))) {
                    for (String source :
                            copy.arguments().subList(0, copy.arguments().size() - 1)) {
                        assertThat(context.resolve(DockerfileTest.inWorkdir(build.workdir(), source)))
                                .as("%s, copied into the image", source)
                                .isRegularFile();
                    }
                }
            }
        }
    }
}
