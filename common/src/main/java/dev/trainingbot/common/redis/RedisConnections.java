package dev.trainingbot.common.redis;

import dev.trainingbot.common.config.RedisSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The Lettuce client of a service and its two connections, one per database index. Lettuce connections are
 * thread-safe and pipeline commands from many threads, so one connection per database serves every virtual thread of
 * a worker.
 *
 * <p>Configured for a fleet, where failing fast beats waiting: commands time out after {@code REDIS_TIMEOUT_MS}; while
 * disconnected, commands are rejected at once rather than queued (the update is retried later, from Kafka); the queue
 * of commands in flight is bounded ({@value #REQUEST_QUEUE_SIZE}); the client reconnects by itself.
 */
public final class RedisConnections implements AutoCloseable {

    static final int REQUEST_QUEUE_SIZE = 65_536;

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

    /** Connects to both databases; throws when Redis cannot be reached. */
    public static RedisConnections connect(RedisSettings settings, MeterRegistry metrics) {
        ClientResources resources = DefaultClientResources.builder()
                .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(metrics, MicrometerOptions.create()))
                .build();
        RedisClient client = RedisClient.create(resources);
        client.setOptions(options(settings.commandTimeout()));
        StatefulRedisConnection<String, String> fsm = null;
        try {
            fsm = client.connect(settings.fsmUri());
            StatefulRedisConnection<String, String> throttle = client.connect(settings.throttleUri());
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
