package dev.trainingbot.fleet.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool a deployment file is checked with (kubectl, docker-compose, promtool, amtool, Maven), run as an
 * operator would. .ci/run installs them; a test whose tool is absent is skipped with the way to install it, so that a
 * developer's machine without one still runs the rest.
 */
final class ExternalTool {

    private final List<String> command;
    private final Path directory;
    private final Duration timeout;

    private ExternalTool(List<String> command, Path directory, Duration timeout) {
        this.command = command;
        this.directory = directory;
        this.timeout = timeout;
    }

    /** kubectl with its built-in kustomize. */
    static ExternalTool kubectl() {
        return installed("kubectl", "kubectl (its built-in kustomize renders the manifests)");
    }

    /** promtool, Prometheus's checker of configurations, rules and rule tests (Debian: prometheus). */
    static ExternalTool promtool() {
        return installed("promtool", "promtool (apt-get install prometheus)");
    }

    /** amtool, Alertmanager's checker of its configuration (Debian: prometheus-alertmanager). */
    static ExternalTool amtool() {
        return installed("amtool", "amtool (apt-get install prometheus-alertmanager)");
    }

    /** {@code docker compose} (v2) when the plugin answers, else {@code docker-compose} (v1; Debian: docker-compose). */
    static ExternalTool compose() {
        Optional<Path> docker = onPath("docker");
        if (docker.isPresent() && succeeds(List.of(docker.get().toString(), "compose", "version"))) {
            return new ExternalTool(
                    List.of(docker.get().toString(), "compose"), Repository.ROOT, Duration.ofMinutes(2));
        }
        return installed("docker-compose", "docker compose or docker-compose (apt-get install docker-compose)");
    }

    /** Node.js, which runs the offline schema check of the Kubernetes manifests (Debian: nodejs). */
    static ExternalTool node() {
        return installed("node", "node (apt-get install nodejs npm)");
    }

    /** A program of the repository or of a JDK, by path. */
    static ExternalTool at(Path program) {
        return new ExternalTool(List.of(program.toString()), Repository.ROOT, Duration.ofMinutes(2));
    }

    private static ExternalTool installed(String name, String what) {
        Optional<Path> found = onPath(name);
        assumeTrue(found.isPresent(), () -> "skipped: " + what + " is not installed; .ci/run installs it");
        return new ExternalTool(List.of(found.get().toString()), Repository.ROOT, Duration.ofMinutes(2));
    }

    /** The same tool run in {@code dir} instead of the repository's root. */
    ExternalTool in(Path dir) {
        return new ExternalTool(command, dir, timeout);
    }

    /** The same tool allowed {@code limit} instead of two minutes. */
    ExternalTool within(Duration limit) {
        return new ExternalTool(command, directory, limit);
    }

    /**
     * Runs the tool with {@code arguments}, with only {@code environment} (plus PATH and HOME) so that the caller's
     * variables cannot change what the tool reads. Returns stdout; fails with the exit code and stderr.
     */
    String run(List<String> arguments, Map<String, String> environment) {
        List<String> full = new ArrayList<>(command);
        full.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(full).directory(directory.toFile());
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        String home = env.getOrDefault("HOME", System.getProperty("java.io.tmpdir"));
        env.clear();
        env.put("PATH", path);
        env.put("HOME", home);
        env.putAll(environment);
        try {
            Path stderr = Files.createTempFile("tool", ".err");
            Path stdout = Files.createTempFile("tool", ".out");
            try {
                Process process = builder.redirectError(stderr.toFile())
                        .redirectOutput(stdout.toFile())
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", full) + " did not finish in " + timeout);
                }
                String out = Files.readString(stdout, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", full) + " exited with " + process.exitValue() + ":\n"
                            + out + Files.readString(stderr, StandardCharsets.UTF_8));
                }
                return out;
            } finally {
                Files.deleteIfExists(stderr);
                Files.deleteIfExists(stdout);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", full), e);
        }
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
