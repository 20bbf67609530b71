package dev.trainingbot.benchmark.infra;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Redis server of the run's own, a {@code redis-server} process configured as the production compose file runs
 * Redis (RDB snapshots and an AOF fsynced every second), so that a fault scenario can restart it without touching
 * any other Redis on the machine — and so that a restart keeps what a production restart keeps.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Launcher launcher;
    private final Path dataDir;
    private final int port = Launcher.freePort();
    private int starts;
    private ChildProcess process;

    private RedisServer(Launcher launcher, Path dataDir) {
        this.launcher = launcher;
        this.dataDir = dataDir;
    }

    /** Starts one, or empty when {@code redis-server} is not installed. */
    public static Optional<RedisServer> start(Launcher launcher, Path dataDir) {
        if (executable().isEmpty()) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisServer server = new RedisServer(launcher, dataDir);
        server.start();
        return Optional.of(server);
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public ChildProcess process() {
        return process;
    }

    public void start() {
        process = ChildProcess.start(
                "redis-" + ++starts,
                List.of(
                        executable().orElseThrow().toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        dataDir.toString(),
                        "--appendonly",
                        "yes",
                        "--appendfsync",
                        "everysec",
                        "--save",
                        "900 1 300 10 60 10000"),
                Map.of(),
                dataDir,
                launcher.logs().resolve("redis-" + starts + ".log"));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ping()) {
            if (!process.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start; see " + process.log());
            }
        }
    }

    /** SIGTERM: Redis writes its AOF and exits, as in a restart by an operator or an orchestrator. */
    public void stop() {
        process.stop();
    }

    /** Empties every database between scenarios. */
    public void flushAll() {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(url()))) {
            connection.sync().flushall();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private boolean ping() {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(url()))) {
            return "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return false;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private static Optional<Path> executable() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }
}
