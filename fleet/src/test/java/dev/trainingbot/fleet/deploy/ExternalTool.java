package dev.trainingbot.fleet.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the deployment is checked with (kubectl, docker compose), run as an operator would. A test that
 * needs an absent tool is skipped, not failed: the tools are not part of the build.
 */
final class ExternalTool {

    private final List<String> command;

    private ExternalTool(List<String> command) {
        this.command = command;
    }

    /** kubectl with its built-in kustomize, or a skipped test. */
    static ExternalTool kubectl() {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not installed: the Kubernetes manifests are not rendered");
        return new ExternalTool(List.of(kubectl.get().toString()));
    }

    /** {@code docker compose} (v2) when the plugin answers, else {@code docker-compose} (v1), else a skipped test. */
    static ExternalTool compose() {
        Optional<Path> docker = onPath("docker");
        if (docker.isPresent() && succeeds(List.of(docker.get().toString(), "compose", "version"))) {
            return new ExternalTool(List.of(docker.get().toString(), "compose"));
        }
        Optional<Path> v1 = onPath("docker-compose");
        assumeTrue(v1.isPresent(), "neither docker compose nor docker-compose is installed");
        return new ExternalTool(List.of(v1.get().toString()));
    }

    /**
     * Runs the tool with {@code arguments} in the repository's root, with only {@code environment} (plus PATH and
     * HOME) so that the caller's variables cannot change what the tool reads. Returns stdout; fails with stderr.
     */
    String run(List<String> arguments, Map<String, String> environment) {
        List<String> full = new ArrayList<>(command);
        full.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(full).directory(Repository.ROOT.toFile());
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        String home = env.getOrDefault("HOME", System.getProperty("java.io.tmpdir"));
        env.clear();
        env.put("PATH", path);
        env.put("HOME", home);
        env.putAll(environment);
        try {
            Path stderr = Files.createTempFile("tool", ".err");
            try {
                Process process = builder.redirectError(stderr.toFile()).start();
                process.getOutputStream().close();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", full) + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", full) + " exited with " + process.exitValue() + ":\n"
                            + Files.readString(stderr, StandardCharsets.UTF_8));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(stderr);
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
