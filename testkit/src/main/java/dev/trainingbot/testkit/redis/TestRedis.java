package dev.trainingbot.testkit.redis;

import dev.trainingbot.common.config.RedisSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;

/**
 * Two Redis database indexes of the test server ({@code TEST_REDIS_URL}, default {@code redis://127.0.0.1:6379}) that
 * belong to one test class: the FSM and the throttle database of the services under test, with the real key names.
 *
 * <p>Claims are made with {@code SET NX} on lock keys in database {@value #LOCK_DB}, so test JVMs running at the same
 * time never share a database; databases 0 and 1, the defaults of a locally running fleet, are never claimed. Both
 * databases are flushed when claimed and when released. A claim left by a killed JVM expires after
 * {@link #CLAIM_TTL}.
 */
public final class TestRedis implements AutoCloseable {

    static final int LOCK_DB = 15;
    static final int FIRST_DB = 2;
    static final Duration CLAIM_TTL = Duration.ofMinutes(30);

    private final String serverUrl;
    private final RedisURI server;
    private final int fsmDb;
    private final int throttleDb;
    private final String owner;

    private TestRedis(String serverUrl, int fsmDb, int throttleDb, String owner) {
        this.serverUrl = serverUrl;
        this.server = RedisURI.create(serverUrl);
        this.fsmDb = fsmDb;
        this.throttleDb = throttleDb;
        this.owner = owner;
    }

    public static String serverUrl() {
        String url = System.getenv("TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url.strip();
    }

    /** Claims a free pair of databases of the test server, flushed. */
    public static TestRedis claim() {
        return claim(serverUrl());
    }

    /** Claims a free pair of databases of the server at {@code serverUrl} (a {@link RedisServerProcess}), flushed. */
    public static TestRedis claim(String serverUrl) {
        RedisURI server = RedisURI.create(serverUrl);
        String owner = UUID.randomUUID().toString();
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> lock = client.connect(withDb(server, LOCK_DB))) {
            RedisCommands<String, String> redis = lock.sync();
            for (int db = FIRST_DB; db + 1 < LOCK_DB; db += 2) {
                String ok = redis.set(lockKey(db), owner, SetArgs.Builder.nx().px(CLAIM_TTL.toMillis()));
                if ("OK".equals(ok)) {
                    TestRedis claimed = new TestRedis(serverUrl, db, db + 1, owner);
                    claimed.flush(client);
                    return claimed;
                }
            }
        } finally {
            client.shutdown();
        }
        throw new IllegalStateException("no free Redis database pair on " + serverUrl + ": " + (LOCK_DB - FIRST_DB) / 2
                + " test classes already hold one");
    }

    /** Settings for services under test: these two databases, with a short command timeout. */
    public RedisSettings settings() {
        return new RedisSettings(RedisURI.create(serverUrl), fsmDb, throttleDb, Duration.ofSeconds(2));
    }

    /** The server these databases are on, as {@code REDIS_URL} names it. */
    public String url() {
        return serverUrl;
    }

    public int fsmDb() {
        return fsmDb;
    }

    public int throttleDb() {
        return throttleDb;
    }

    /** A new connection to one of the two databases, for a test to look at what the services wrote. */
    public StatefulRedisConnection<String, String> connect(RedisClient client, int db) {
        if (db != fsmDb && db != throttleDb) {
            throw new IllegalArgumentException("database " + db + " is not this test's");
        }
        return client.connect(withDb(server, db));
    }

    @Override
    public void close() {
        RedisClient client = RedisClient.create();
        try {
            flush(client);
            try (StatefulRedisConnection<String, String> lock = client.connect(withDb(server, LOCK_DB))) {
                if (owner.equals(lock.sync().get(lockKey(fsmDb)))) {
                    lock.sync().del(lockKey(fsmDb));
                }
            }
        } finally {
            client.shutdown();
        }
    }

    private void flush(RedisClient client) {
        for (int db : new int[] {fsmDb, throttleDb}) {
            try (StatefulRedisConnection<String, String> connection = client.connect(withDb(server, db))) {
                connection.sync().flushdb();
            }
        }
    }

    private static String lockKey(int db) {
        return "testkit:claim:db" + db;
    }

    private static RedisURI withDb(RedisURI server, int db) {
        return RedisURI.builder(server).withDatabase(db).build();
    }
}
