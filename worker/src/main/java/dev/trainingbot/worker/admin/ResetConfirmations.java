package dev.trainingbot.worker.admin;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;

/**
 * Makes a reset's confirmation button work once, in {@code REDIS_THROTTLE_DB}: the button carries a nonce (the id of
 * the update that showed it), and the first update that presses it claims
 * {@code admin:reset:{learner}:{section}:{nonce}} for {@value #TTL_DAYS} days. The same update again — a retry after a
 * failure — still holds the claim and resets again (deleting what is already deleted); any other update pressing the
 * same button finds it claimed. One round trip, two when the claim is taken.
 */
final class ResetConfirmations {

    static final int TTL_DAYS = 7;
    private static final Duration TTL = Duration.ofDays(TTL_DAYS);

    private final RedisAsyncCommands<String, String> redis;

    ResetConfirmations(RedisAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    /** The nonce of a confirmation shown by update {@code updateId}: short, to fit in the button's 64 bytes. */
    static String nonceOf(long updateId) {
        return Long.toString(updateId, Character.MAX_RADIX);
    }

    /** Whether update {@code updateId} may carry out the confirmation {@code nonce}: it is the first to, or it was. */
    boolean claim(long learner, String section, String nonce, long updateId) throws Exception {
        String key = "admin:reset:" + learner + ":" + section + ":" + nonce;
        String claimant = Long.toString(updateId);
        if ("OK".equals(redis.set(key, claimant, SetArgs.Builder.nx().ex(TTL)).get())) {
            return true;
        }
        return claimant.equals(redis.get(key).get());
    }
}
