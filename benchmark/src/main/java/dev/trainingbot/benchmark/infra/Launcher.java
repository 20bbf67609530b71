package dev.trainingbot.benchmark.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the benchmark finds what it runs — this JVM's {@code java}, the service jars built by the reactor, its own jar
 * (for the broker process) — and where each process writes its log.
 *
 * @param repository the checkout: the working directory of every service, so {@code content/course.yaml} resolves
 * @param logs the folder of the processes' logs
 * @param serviceJvmOptions the JVM flags of every service process
 */
public record Launcher(Path repository, Path logs, List<String> serviceJvmOptions) {

    /** The flags of the production image (Dockerfile), with a fixed heap instead of a share of a container's memory. */
    public static final List<String> PRODUCTION_LIKE_JVM =
            List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50", "-XX:+ExitOnOutOfMemoryError");

    /** Fails naming what is missing when the service jars have not been built. */
    public void checkJars() {
        List<String> missing = new ArrayList<>();
        for (String service : List.of("ingress", "worker", "audit-consumer")) {
            if (!Files.isRegularFile(jar(service))) {
                missing.add(repository.relativize(jar(service)).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing service jars " + missing
                    + ": build them first with ./mvnw -B -DskipTests package (bin/benchmark does)");
        }
    }

    public Path jar(String service) {
        return repository.resolve(service).resolve("target").resolve(service + ".jar");
    }

    /** A service jar as a process, with {@code arguments} after the jar. */
    public ChildProcess service(String name, String service, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(serviceJvmOptions);
        command.add("-jar");
        command.add(jar(service).toString());
        command.addAll(List.of(arguments));
        return ChildProcess.start(name, command, environment, repository, logs.resolve(name + ".log"));
    }

    /** A class of the benchmark's own jar as a process. */
    public ChildProcess benchmarkClass(String name, Class<?> main, List<String> jvmOptions, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(ownClassPath());
        command.add(main.getName());
        command.addAll(List.of(arguments));
        return ChildProcess.start(name, command, Map.of(), repository, logs.resolve(name + ".log"));
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ownClassPath() {
        try {
            return Path.of(Launcher.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the benchmark's own jar", e);
        }
    }
}
