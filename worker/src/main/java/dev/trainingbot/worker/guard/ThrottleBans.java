package dev.trainingbot.worker.guard;

import dev.trainingbot.common.redis.RedisScript;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * The bans the guard imposed, as the admin panel sees them: those in force (from {@code bans:until}, which the guard
 * script keeps), and lifting one. One round trip each, in {@code REDIS_THROTTLE_DB}.
 */
public final class ThrottleBans {

    /** A ban in force: whom, and until when. */
    public record Ban(long userId, Instant until) {}

    private final RedisAsyncCommands<String, String> redis;
    private final RedisScript unban;
    private final ThrottleLimits limits;
    private final InstantSource clock;

    public ThrottleBans(RedisAsyncCommands<String, String> redis, ThrottleLimits limits, InstantSource clock) {
        this.redis = redis;
        this.unban = RedisScript.fromClasspath("guard/unban.lua", redis);
        this.limits = limits;
        this.clock = clock;
    }

    /** The bans in force now, those ending soonest first, at most {@code limit} of them. */
    public List<Ban> inForce(int limit) throws InterruptedException, ExecutionException {
        List<ScoredValue<String>> bans = redis.zrangebyscoreWithScores(
                        UpdateGuard.bansKey(),
                        Range.create(clock.millis() + 1, Double.POSITIVE_INFINITY),
                        Limit.create(0, limit))
                .get();
        return bans.stream()
                .map(ban -> new Ban(Long.parseLong(ban.getValue()), Instant.ofEpochMilli((long) ban.getScore())))
                .toList();
    }

    /** When {@code userId}'s ban ends, if one is in force now. */
    public Optional<Instant> of(long userId) throws InterruptedException, ExecutionException {
        Double until =
                redis.zscore(UpdateGuard.bansKey(), Long.toString(userId)).get();
        return until == null || until <= clock.millis()
                ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(until.longValue()));
    }

    /** How many users are banned now. */
    public long countInForce() throws InterruptedException, ExecutionException {
        return redis.zcount(UpdateGuard.bansKey(), Range.create(clock.millis() + 1, Double.POSITIVE_INFINITY))
                .get();
    }

    /**
     * Ends {@code userId}'s ban now and forgives it: their next ban is a first one again.
     *
     * @return whether a ban was in force
     */
    public boolean lift(long userId) throws Exception {
        String[] keys = {UpdateGuard.throttleKey(userId), UpdateGuard.bansKey()};
        String[] args = {Long.toString(userId), Long.toString(clock.millis()), Integer.toString(limits.burst())};
        Long lifted =
                unban.<Long>call(redis, ScriptOutputType.INTEGER, keys, args).get();
        return lifted != null && lifted == 1;
    }
}
