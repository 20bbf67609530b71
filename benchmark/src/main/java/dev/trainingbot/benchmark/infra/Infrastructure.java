package dev.trainingbot.benchmark.infra;

import dev.trainingbot.testkit.redis.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a benchmark run shares across its scenarios: the Kafka broker process, a Redis server process of its own
 * (or, where {@code redis-server} is not installed, the Redis of {@code TEST_REDIS_URL}, and then no Redis restart
 * scenario), and the PostgreSQL server of {@code TEST_DATABASE_URL} on which each scenario gets a database.
 */
public final class Infrastructure implements AutoCloseable {

    private final Launcher launcher;
    private final Path envFile;
    private final KafkaBroker broker;
    private final Optional<RedisServer> redis;

    private Infrastructure(Launcher launcher, Path envFile, KafkaBroker broker, Optional<RedisServer> redis) {
        this.launcher = launcher;
        this.envFile = envFile;
        this.broker = broker;
        this.redis = redis;
    }

    public static Infrastructure start(Launcher launcher, Path workDir) {
        try {
            Files.createDirectories(workDir);
            // The services read a .env in their working directory: an empty one keeps a developer's out of the run.
            Path envFile = Files.writeString(workDir.resolve("empty.env"), "");
            Optional<RedisServer> redis = RedisServer.start(launcher, workDir.resolve("redis"));
            KafkaBroker broker = KafkaBroker.start(launcher, workDir.resolve("kafka"));
            return new Infrastructure(launcher, envFile, broker, redis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Launcher launcher() {
        return launcher;
    }

    public KafkaBroker broker() {
        return broker;
    }

    /** The run's own Redis server, which a scenario may restart; empty when the run uses a shared one. */
    public Optional<RedisServer> ownRedis() {
        return redis;
    }

    public String redisUrl() {
        return redis.map(RedisServer::url).orElseGet(TestRedis::serverUrl);
    }

    Path envFile() {
        return envFile;
    }

    @Override
    public void close() {
        broker.close();
        redis.ifPresent(RedisServer::close);
    }
}
