package dev.trainingbot.worker.telegram;

import dev.trainingbot.common.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Books a message's turn under {@link FloodLimits}, decided by {@code telegram/flood.lua} in Redis so that any number
 * of replicas together stay within Telegram's limits, and waits for it. The script answers with the wait: one round
 * trip when the bot's limit is the one that holds the message (the turn is booked, the sender sleeps until it), one
 * more after its chat's or group's turn comes, or after a full bulk lane frees a turn. A worker waits rather than
 * send and eat a 429.
 */
public final class FloodControl {

    private final RedisAsyncCommands<String, String> redis;
    private final RedisScript script;
    private final FloodLimits limits;
    private final String[] args;
    private static final long MAX_BULK_JITTER_MILLIS = 1_000;

    private final long bulkSpanMillis;
    private final Timer replyWait;
    private final Timer bulkWait;

    public FloodControl(RedisAsyncCommands<String, String> redis, FloodLimits limits, MeterRegistry metrics) {
        this.redis = redis;
        this.script = RedisScript.fromClasspath("telegram/flood.lua", redis);
        this.limits = limits;
        this.args = new String[] {
            Double.toString(limits.botPerSecond()),
            Integer.toString(limits.botBurst()),
            Double.toString(limits.chatPerSecond()),
            Integer.toString(limits.chatBurst()),
            Integer.toString(limits.groupPerMinute()),
            "",
            Integer.toString(limits.bulkAhead()),
            "",
            "",
            ""
        };
        this.bulkSpanMillis = Math.max(1, (long) (limits.bulkAhead() * 1000 / limits.botPerSecond()));
        this.replyWait = waitTimer(metrics, FloodLane.REPLY);
        this.bulkWait = waitTimer(metrics, FloodLane.BULK);
    }

    private long bulkJitter(int refusals) {
        long span = Math.min(MAX_BULK_JITTER_MILLIS, bulkSpanMillis << Math.min(refusals, 10));
        return ThreadLocalRandom.current().nextLong(span + 1);
    }

    private static Timer waitTimer(MeterRegistry metrics, FloodLane lane) {
        return Timer.builder("telegram.flood.wait")
                .description("Time a message waited for its turn under the flood limits, by lane")
                .tag("lane", lane.script())
                .publishPercentileHistogram()
                .register(metrics);
    }

    /**
     * Returns when a message to {@code chatId} in {@code lane} may go, its turn taken.
     *
     * @return empty, or the wait that would exceed {@code TELEGRAM_FLOOD_MAX_WAIT_MS} (nothing taken)
     */
    public Optional<Duration> acquire(long chatId, FloodLane lane) throws Exception {
        boolean group = chatId < 0;
        String[] keys = {"flood:tat:bot", (group ? "flood:group:" : "flood:tat:chat:") + chatId};
        String[] callArgs = args.clone();
        callArgs[5] = group ? "group" : "chat";
        callArgs[7] = lane.script();
        // A group's sliding window needs a member per send; a private chat's limiter needs none.
        callArgs[9] = group ? UUID.randomUUID().toString() : "";
        long started = System.nanoTime();
        for (int refusals = 0; ; refusals++) {
            Duration spent = Duration.ofNanos(System.nanoTime() - started);
            callArgs[8] =
                    Long.toString(Math.max(0, limits.maxWait().minus(spent).toMillis()));
            List<Long> answer = script.<List<Long>>call(redis, ScriptOutputType.MULTI, keys, callArgs)
                    .get();
            boolean booked = answer.get(0) == 1;
            long wait = answer.get(1);
            if (booked) {
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                (lane == FloodLane.REPLY ? replyWait : bulkWait)
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                return Optional.empty();
            }
            spent = Duration.ofNanos(System.nanoTime() - started);
            if (spent.plusMillis(wait).compareTo(limits.maxWait()) > 0) {
                return Optional.of(spent.plusMillis(wait));
            }
            // Bulk senders turned away by a full lane were all told the same moment, when one turn frees: spread over
            // a span that doubles with each refusal (up to a second), they come back one by one, and more senders in
            // flight than the lane holds do not ask Redis more often.
            Thread.sleep(lane == FloodLane.BULK ? wait + bulkJitter(refusals) : wait);
        }
    }
}
