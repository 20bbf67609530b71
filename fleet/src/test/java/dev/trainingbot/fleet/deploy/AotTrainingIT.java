package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trainingbot.fleet.deploy.Dockerfile.Instruction;
import dev.trainingbot.fleet.deploy.Dockerfile.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's AOT training line, run for real without a Docker daemon: in a directory laid out as the image's
 * {@code /app} (the three jars the build makes and the course), its RUN runs with the image's JAVA_OPTS and this JDK,
 * and then the worker starts from the cache it wrote with {@code -XX:AOTMode=on}, which makes a cache the JVM cannot
 * use a start-up error instead of a warning.
 */
class AotTrainingIT {

    @Test
    void theTrainingLineWritesACacheForEachServiceThatTheWorkerStartsFrom(@TempDir Path app) throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "skipped: the AOT cache's flags need JDK 25");
        for (FleetService service : FleetService.values()) {
            Path jar = Repository.file(service.id() + "/target/" + service.id() + ".jar");
            assumeTrue(Files.isRegularFile(jar), "skipped: run after Maven's package phase, which makes the jars");
            Files.copy(jar, app.resolve(service.id() + ".jar"));
        }
        copyTree(Repository.file("content"), app.resolve("content"));
        Stage image = Dockerfile.load().image();
        Instruction training = image.all("RUN").stream()
                .filter(run -> run.text().contains("-XX:AOTCacheOutput"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the image records no AOT cache"));
        String javaOpts = image.env().get("JAVA_OPTS");
        Path jdk = Path.of(System.getProperty("java.home"), "bin");

        ExternalTool.at(Path.of("/bin/sh"))
                .in(app)
                .within(Duration.ofMinutes(4))
                .run(
                        List.of("-c", training.text().replace("/app/", app + "/")),
                        Map.of("PATH", jdk + ":/usr/bin:/bin", "JAVA_OPTS", javaOpts));

        for (FleetService service : FleetService.values()) {
            assertThat(app.resolve(service.id() + ".aot")).isNotEmptyFile();
        }
        List<String> worker = new ArrayList<>(List.of(jdk.resolve("java").toString(), "-XX:AOTMode=on"));
        worker.add("-XX:AOTCache=" + app.resolve("worker.aot"));
        worker.addAll(List.of(javaOpts.split(" ")));
        worker.addAll(List.of("-jar", app.resolve("worker.jar").toString(), "healthcheck"));
        String healthcheck = output(worker, app);
        assertThat(healthcheck)
                .as("the worker's healthcheck, started from its cache")
                .contains("HEALTH CHECK: FAILED")
                .doesNotContain("AOT cache");
    }

    /** stdout and stderr of {@code command}, against servers that are not there (port 9). */
    private static String output(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment()
                .putAll(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9",
                        "REDIS_URL", "redis://127.0.0.1:9",
                        "DATABASE_URL", "postgresql://aot@127.0.0.1:9/aot",
                        "BOT_TOKEN", "0:aot-training",
                        "TELEGRAM_API_URL", "http://127.0.0.1:9"));
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
