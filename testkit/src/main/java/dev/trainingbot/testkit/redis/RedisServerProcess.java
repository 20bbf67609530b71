package dev.trainingbot.testkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@code redis-server} process of one test class's own, for tests that take Redis away from the services — stop it
 * and start it again, or turn it into a read-only replica as a failover does — which a test must never do to the
 * shared server of {@link TestRedis}. Claim databases on it with {@link TestRedis#claim(String)}.
 *
 * <p>The binary is {@code TEST_REDIS_SERVER} or {@code redis-server} on the {@code PATH} ({@link #available()} tells
 * whether there is one). The server listens on a free port of 127.0.0.1 and persists nothing: started again, it is
 * empty, as a replacement node would be.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final String binary;
    private final int port;
    private final Path directory;
    private Process process;

    private RedisServerProcess(String binary, int port, Path directory) {
        this.binary = binary;
        this.port = port;
        this.directory = directory;
    }

    /** Whether a {@code redis-server} binary can be found. */
    public static boolean available() {
        return binary() != null;
    }

    /** Starts a server on a free port and waits until it answers. */
    public static RedisServerProcess start() {
        String binary = binary();
        if (binary == null) {
            throw new IllegalStateException("no redis-server: set TEST_REDIS_SERVER or put redis-server on the PATH");
        }
        try {
            RedisServerProcess server =
                    new RedisServerProcess(binary, freePort(), Files.createTempDirectory("test-redis-"));
            server.startAgain();
            // A test JVM that dies without closing it must not leave the server behind.
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "redis-server-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory for redis-server", e);
        }
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server as a crash would (nothing is saved); clients see their connections close. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the stopped server again on the same port, empty, and waits until it answers. */
    public synchronized void startAgain() {
        if (process != null) {
            return;
        }
        try {
            process = new ProcessBuilder(List.of(
                            binary,
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            directory.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        awaitAnswer();
    }

    /**
     * Makes the server a replica of a master that does not exist, as a failover leaves the old master: reads are
     * answered, writes refused with {@code READONLY}, until {@link #writable()}.
     */
    public void readOnly() {
        run(redis -> redis.replicaof("127.0.0.1", freePort()));
    }

    /** Makes the server a master again. */
    public void writable() {
        run(RedisCommands::replicaofNoOne);
    }

    @Override
    public void close() {
        stop();
        File[] files = directory.toFile().listFiles();
        if (files != null) {
            for (File file : files) {
                file.delete();
            }
        }
        directory.toFile().delete();
    }

    private void run(Consumer<RedisCommands<String, String>> command) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(url()))) {
            command.accept(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue()
                        + "; see " + directory.resolve("redis.log"));
            }
            try {
                run(RedisCommands::ping);
                return;
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server", e);
            }
        }
        throw new IllegalStateException(
                "redis-server on port " + port + " did not answer within " + START_TIMEOUT.toSeconds() + " s", last);
    }

    private static String binary() {
        String configured = System.getenv("TEST_REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return new File(configured.strip()).canExecute() ? configured.strip() : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
