package dev.trainingbot.worker.course.media;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file_id}s Telegram gave for uploaded lesson media, shared by the fleet in Redis under
 * {@code fileid:<bot id>:<sha-256 of the media's identity>}: a file_id is valid only for the bot that uploaded it,
 * and the identity changes with the file ({@link dev.trainingbot.worker.course.content.MediaSource#identity}). An
 * entry lives {@link #TTL} from its upload; an expired or lost one costs one upload again. Redis failing is a cache
 * miss (the media is uploaded), never a failed send.
 */
public final class FileIds {

    static final Duration TTL = Duration.ofDays(90);
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(FileIds.class);

    private final RedisAsyncCommands<String, String> redis;
    private final String prefix;

    /** @param botId the bot's id (the digits of its token before ':') */
    public FileIds(RedisAsyncCommands<String, String> redis, String botId) {
        this.redis = redis;
        this.prefix = "fileid:" + botId + ":";
    }

    public Optional<String> get(String identity) {
        try {
            return Optional.ofNullable(await(redis.get(key(identity))));
        } catch (Exception e) {
            log.warn("file_id cache unavailable, uploading instead: {}", e.toString());
            return Optional.empty();
        }
    }

    public void put(String identity, String fileId) {
        try {
            await(redis.set(key(identity), fileId, SetArgs.Builder.ex(TTL)));
        } catch (Exception e) {
            log.warn("file_id not cached, the next send uploads again: {}", e.toString());
        }
    }

    public void forget(String identity) {
        try {
            await(redis.del(key(identity)));
        } catch (Exception e) {
            log.warn("refused file_id not removed from the cache: {}", e.toString());
        }
    }

    String key(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(CompletionStage<T> future) throws Exception {
        return future.toCompletableFuture().get(REDIS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
