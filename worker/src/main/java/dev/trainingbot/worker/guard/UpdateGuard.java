package dev.trainingbot.worker.guard;

import dev.trainingbot.common.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Decides, per update, dedupe + throttle + escalating ban with one {@code EVALSHA} of {@code guard/guard.lua} in
 * {@code REDIS_THROTTLE_DB}, and marks handled updates so that a redelivery is recognised.
 *
 * <p>An update is decided once: the script keeps its decision until the update is marked handled
 * ({@link #markHandled}), and answers the same decision to every {@link #decide} of that update before — the retries
 * of a failed attempt, or the worker that takes the update over after a crash. So a retry takes no second token and
 * counts no second violation, and a refusal whose notice was not sent yet is told again. The mark comes last, after
 * everything else the update produced was acknowledged: a worker that dies before it leaves the update unmarked, and
 * the next owner handles it instead of skipping it as a duplicate.
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
            String.join(
                    ",",
                    limits.bans().stream()
                            .map(ban -> Long.toString(ban.toSeconds()))
                            .toList()),
            Long.toString(limits.window().toSeconds()),
            Long.toString(limits.dedupeTtl().toSeconds()),
            "1",
            "",
            Long.toString(limits.banMemory().toSeconds()),
            ""
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

    /** The sorted set of bans by their end (epoch ms of the arrival clock), member the user id. */
    public static String bansKey() {
        return "bans:until";
    }

    /**
     * The decision for the update: {@link GuardDecision#DUPLICATE} once it was marked handled, the decision taken
     * before when it was decided but not marked yet, else a new one, counted at {@code arrivalMillis} (epoch ms; empty
     * means Redis's time). One round trip. {@code userId} null (a channel post) means nothing to throttle: only dedupe
     * applies.
     */
    public CompletableFuture<GuardVerdict> decide(long updateId, Long userId, OptionalLong arrivalMillis) {
        String user = userId == null ? "0" : Long.toString(userId);
        String[] keys = {dedupeKey(updateId), "throttle:" + user + ":tokens", "admin:session:" + user, bansKey()};
        String[] callArgs = args.clone();
        callArgs[6] = userId == null ? "0" : "1";
        callArgs[7] = arrivalMillis.isPresent() ? Long.toString(arrivalMillis.getAsLong()) : "";
        callArgs[9] = user;
        return script.<String>call(redis, ScriptOutputType.STATUS, keys, callArgs)
                .thenApply(GuardVerdict::parse);
    }

    /**
     * Remembers that the update was handled, for {@code DEDUPE_TTL_SECONDS}: later deliveries are duplicates. Call it
     * only once everything the update produced is safe (its notice sent, its audit event acknowledged). One round
     * trip, not awaited here.
     */
    public CompletableFuture<String> markHandled(long updateId) {
        return redis.set(dedupeKey(updateId), "1", SetArgs.Builder.ex(limits.dedupeTtl()))
                .toCompletableFuture();
    }
}
