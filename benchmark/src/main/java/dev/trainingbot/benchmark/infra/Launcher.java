package dev.trainingbot.benchmark.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the benchmark finds what it runs — this JVM's {@code java}, the service jars built by the reactor, its own jar
 * (for the broker process) — and where each process writes its log.
 *
 * @param repository the checkout: the working directory of every service, so {@code content/course.yaml} resolves
 * @param logs the folder of the processes' logs
 * @param serviceJvmOptions the JVM flags of every service process
 * @param aotCaches the AOT cache each service starts from, by service; none for a service not in it
 */
public record Launcher(Path repository, Path logs, List<String> serviceJvmOptions, Map<String, Path> aotCaches) {

    private static final List<String> SERVICES = List.of("ingress", "worker", "audit-consumer");

    /** Servers that are not there (port 9), as the image's training run names them. */
    private static final Map<String, String> TRAINING_ENVIRONMENT = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9",
            "REDIS_URL", "redis://127.0.0.1:9",
            "DATABASE_URL", "postgresql://aot@127.0.0.1:9/aot",
            "BOT_TOKEN", "0:aot-training",
            "TELEGRAM_API_URL", "http://127.0.0.1:9");

    /** The flags of the production image (Dockerfile), with a fixed heap instead of a share of a container's memory. */
    public static final List<String> PRODUCTION_LIKE_JVM =
            List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50", "-XX:+ExitOnOutOfMemoryError");

    /** Fails naming what is missing when the service jars have not been built. */
    public void checkJars() {
        List<String> missing = new ArrayList<>();
        for (String service : SERVICES) {
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

    /**
     * This launcher with an AOT cache per service in {@code folder}, recorded the way the image records its own
     * (Dockerfile): one run of each service's training command — the worker's {@code aot-training}, its self-warm-up
     * then its healthcheck; the others' healthcheck — with the services' JVM flags, against servers that are not
     * there. The services then start as warm as the image starts them. Before JDK 25 (no AOT cache), this launcher.
     */
    public Launcher withAotCaches(Path folder) throws IOException, InterruptedException {
        if (Runtime.version().feature() < 25) {
            System.out.println("no AOT caches: they need JDK 25, this is " + Runtime.version());
            return this;
        }
        Files.createDirectories(folder);
        Files.createDirectories(logs);
        Map<String, Path> caches = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Path cache = folder.resolve(service + ".aot");
            List<String> command = new ArrayList<>();
            command.add(java());
            command.addAll(serviceJvmOptions);
            command.add("-XX:AOTCacheOutput=" + cache);
            command.addAll(List.of("-jar", jar(service).toString()));
            command.add(service.equals("worker") ? "aot-training" : "healthcheck");
            ProcessBuilder training = new ProcessBuilder(command)
                    .directory(repository.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            logs.resolve("aot-training-" + service + ".log").toFile());
            training.environment().putAll(TRAINING_ENVIRONMENT);
            Process process = training.start();
            process.getOutputStream().close();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
                throw new IllegalStateException("the AOT training of " + service + " wrote no cache; see "
                        + logs.resolve("aot-training-" + service + ".log"));
            }
            caches.put(service, cache);
        }
        System.out.println("AOT caches recorded: " + caches.values());
        return new Launcher(repository, logs, serviceJvmOptions, Map.copyOf(caches));
    }

    /** A service jar as a process, with {@code arguments} after the jar, from its AOT cache if it has one. */
    public ChildProcess service(String name, String service, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(java());
        if (aotCaches.containsKey(service)) {
            command.add("-XX:AOTCache=" + aotCaches.get(service));
        }
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
