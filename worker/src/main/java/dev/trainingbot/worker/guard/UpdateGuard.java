package dev.trainingbot.worker.guard;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.concurrent.CompletableFuture;

/**
 * Decides, per update, dedupe + throttle + ban with one {@code EVALSHA} of {@code guard/guard.lua} in
 * {@code REDIS_THROTTLE_DB}, and marks handled updates so that a redelivery is recognised.
 *
 * <p>An allowed update is marked only after it was handled ({@link #markHandled}), not when it is allowed: a worker
 * that dies mid-update leaves it unmarked, so the worker that takes over handles it instead of skipping it as a
 * duplicate. Refusals are marked by the script itself.
 */
public final class UpdateGuard {

    private final RedisAsyncCommands<String, String> redis;
    private final RedisScript script;
    private final ThrottleLimits limits;
    private final String[] args;

    public UpdateGuard(RedisAsyncCommands<String, String> redis, ThrottleLimits limits) {
        this.redis = redis;
        this.script = RedisScript.fromClasspath("guard/guard.lua", redis);
        this.limits = limits;
        this.args = new String[] {
            Integer.toString(limits.burst()),
            Double.toString(limits.rate()),
            Integer.toString(limits.maxViolations()),
            Long.toString(limits.ban().toSeconds()),
            Long.toString(limits.window().toSeconds()),
            Long.toString(limits.dedupeTtl().toSeconds()),
            "1"
        };
    }

    public static String dedupeKey(long updateId) {
        return "dedupe:" + updateId;
    }

    public static String throttleKey(long userId) {
        return "throttle:" + userId + ":tokens";
    }

    public static String adminSessionKey(long userId) {
        return "admin:session:" + userId;
    }

    /** One round trip. {@code userId} null (a channel post) means nothing to throttle: only dedupe applies. */
    public CompletableFuture<GuardDecision> decide(long updateId, Long userId) {
        String user = userId == null ? "0" : Long.toString(userId);
        String[] keys = {dedupeKey(updateId), "throttle:" + user + ":tokens", "admin:session:" + user};
        String[] callArgs = args;
        if (userId == null) {
            callArgs = args.clone();
            callArgs[6] = "0";
        }
        return script.<String>call(redis, ScriptOutputType.STATUS, keys, callArgs)
                .thenApply(GuardDecision::valueOf);
    }

    /** Remembers that the update was handled, for {@code DEDUPE_TTL_SECONDS}. One round trip, not awaited here. */
    public CompletableFuture<String> markHandled(long updateId) {
        return redis.set(dedupeKey(updateId), "1", SetArgs.Builder.ex(limits.dedupeTtl()))
                .toCompletableFuture();
    }
}
