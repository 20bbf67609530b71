package dev.trainingbot.common.config;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Optional;

/**
 * Redis, from the seed's variables: {@code REDIS_URL} ({@code redis://[:password@]host:port}, {@code rediss://} for
 * TLS, {@code redis-sentinel://} for Sentinel), conversation state in database {@code REDIS_FSM_DB} (default 0),
 * throttle, dedupe and limits in {@code REDIS_THROTTLE_DB} (default 1). A database number inside the URL is ignored:
 * the two variables decide.
 *
 * <p>{@code REDIS_TIMEOUT_MS} (default 1000) bounds every command: a worker fails the update and retries it rather than
 * wait on a slow Redis; too low a value fails updates on ordinary latency spikes.
 */
public record RedisSettings(RedisURI uri, int fsmDb, int throttleDb, Duration commandTimeout) {

    public static RedisSettings read(ConfigReader config) {
        String raw = config.required("REDIS_URL", "the Redis server, e.g. redis://localhost:6379");
        RedisURI uri = RedisURI.create("redis://localhost:6379");
        if (!raw.isEmpty()) {
            try {
                uri = RedisURI.create(raw);
                passwordOf(raw).ifPresent(Secret::of);
            } catch (IllegalArgumentException e) {
                config.invalid(
                        "REDIS_URL", DatabaseSettings.maskPassword(raw), "is not a Redis URL: " + e.getMessage());
            }
        }
        int fsmDb = config.integer("REDIS_FSM_DB", 0, 0, 15);
        int throttleDb = config.integer("REDIS_THROTTLE_DB", 1, 0, 15);
        Duration timeout = config.millis("REDIS_TIMEOUT_MS", 1_000, 10, 60_000);
        return new RedisSettings(uri, fsmDb, throttleDb, timeout);
    }

    /** The URI of one database index. */
    public RedisURI uriFor(int database) {
        RedisURI copy = RedisURI.builder(uri).withDatabase(database).build();
        copy.setTimeout(commandTimeout);
        return copy;
    }

    public RedisURI fsmUri() {
        return uriFor(fsmDb);
    }

    public RedisURI throttleUri() {
        return uriFor(throttleDb);
    }

    /** The URL without its password, for logs. */
    public String displayUrl() {
        return uri.getHost() == null
                ? "redis-sentinel://" + uri.getSentinelMasterId()
                : (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
    }

    private static Optional<String> passwordOf(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        if (scheme < 0 || at < scheme) {
            return Optional.empty();
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        return colon < 0 ? Optional.of(userInfo) : Optional.of(userInfo.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + displayUrl() + ", fsmDb=" + fsmDb + ", throttleDb=" + throttleDb + ", timeout="
                + commandTimeout.toMillis() + "ms]";
    }
}
