package dev.trainingbot.common.redis;

import dev.trainingbot.common.config.RedisSettings;
import dev.trainingbot.common.retry.Backoff;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lettuce client of a service and its two connections, one per database index. Lettuce connections are
 * thread-safe and pipeline commands from many threads, so one connection per database serves every virtual thread of
 * a worker.
 *
 * <p>Configured for a fleet, where failing fast beats waiting: commands time out after {@code REDIS_TIMEOUT_MS}; while
 * disconnected, commands are rejected at once rather than queued (the update is retried later, from Kafka); the queue
 * of commands in flight is bounded ({@value #REQUEST_QUEUE_SIZE}); the client reconnects by itself.
 *
 * <p>Connecting is the exception. A machine that is starting a fleet answers its first connection slowly, and a Redis
 * that starts beside the service may not listen yet: each connection may take {@link #CONNECT_TIMEOUT}, handshake
 * included, and a failed one is tried again, {@value #CONNECT_ATTEMPTS} attempts in all with the fleet's backoff
 * between them, before the service gives up.
 */
public final class RedisConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

    static final int REQUEST_QUEUE_SIZE = 65_536;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final int CONNECT_ATTEMPTS = 3;
    private static final Backoff CONNECT_BACKOFF = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(5));

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> fsm;
    private final StatefulRedisConnection<String, String> throttle;

    private RedisConnections(
            ClientResources resources,
            RedisClient client,
            StatefulRedisConnection<String, String> fsm,
            StatefulRedisConnection<String, String> throttle) {
        this.resources = resources;
        this.client = client;
        this.fsm = fsm;
        this.throttle = throttle;
    }

    /** Connects to both databases; throws when Redis cannot be reached in {@value #CONNECT_ATTEMPTS} attempts. */
    public static RedisConnections connect(RedisSettings settings, MeterRegistry metrics) {
        ClientResources resources = DefaultClientResources.builder()
                .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(metrics, MicrometerOptions.create()))
                .build();
        RedisClient client = RedisClient.create(resources);
        client.setOptions(options(settings.commandTimeout()));
        StatefulRedisConnection<String, String> fsm = null;
        try {
            fsm = connect(client, settings.fsmUri(), settings);
            StatefulRedisConnection<String, String> throttle = connect(client, settings.throttleUri(), settings);
            return new RedisConnections(resources, client, fsm, throttle);
        } catch (RuntimeException e) {
            if (fsm != null) {
                fsm.close();
            }
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    private static StatefulRedisConnection<String, String> connect(
            RedisClient client, RedisURI uri, RedisSettings settings) {
        RedisURI patient = RedisURI.builder(uri)
                .withTimeout(max(CONNECT_TIMEOUT, uri.getTimeout()))
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                StatefulRedisConnection<String, String> connection = client.connect(patient);
                connection.setTimeout(settings.commandTimeout());
                return connection;
            } catch (RedisException e) {
                if (attempt == CONNECT_ATTEMPTS) {
                    throw new RedisException(
                            "Redis at " + settings.displayUrl() + " (database " + uri.getDatabase()
                                    + ") could not be reached in " + attempt + " attempts: " + e.getMessage(),
                            e);
                }
                Duration wait = CONNECT_BACKOFF.delay(attempt);
                log.warn(
                        "Redis at {} (database {}) not reachable yet, attempt {} of {}: {}; trying again in {} ms",
                        settings.displayUrl(),
                        uri.getDatabase(),
                        attempt,
                        CONNECT_ATTEMPTS,
                        e.getMessage(),
                        wait.toMillis());
                sleep(wait);
            }
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while waiting to connect to Redis", e);
        }
    }

    static ClientOptions options(Duration commandTimeout) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .keepAlive(true)
                        .build())
                .build();
    }

    /** Conversation state ({@code REDIS_FSM_DB}). */
    public StatefulRedisConnection<String, String> fsm() {
        return fsm;
    }

    /** Throttle, dedupe, limits, sessions ({@code REDIS_THROTTLE_DB}). */
    public StatefulRedisConnection<String, String> throttle() {
        return throttle;
    }

    @Override
    public void close() {
        fsm.close();
        throttle.close();
        client.shutdown();
        resources.shutdown();
    }
}
