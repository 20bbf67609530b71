package dev.trainingbot.worker.telegram;

import dev.trainingbot.common.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a message's turn under {@link FloodLimits}, decided by {@code telegram/flood.lua} in Redis so that any
 * number of replicas together stay within Telegram's limits: one round trip when the message may go at once, one more
 * after each wait the script asks for. A worker waits rather than send and eat a 429.
 */
public final class FloodControl {

    private final RedisAsyncCommands<String, String> redis;
    private final RedisScript script;
    private final FloodLimits limits;
    private final String[] args;
    private final Timer waited;

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
            ""
        };
        this.waited = Timer.builder("telegram.flood.wait")
                .description("Time a message waited for its turn under the flood limits")
                .publishPercentileHistogram()
                .register(metrics);
    }

    /**
     * Returns when a message to {@code chatId} may go, its tokens taken.
     *
     * @return empty, or the wait that would exceed {@code TELEGRAM_FLOOD_MAX_WAIT_MS} (nothing taken)
     */
    public Optional<Duration> acquire(long chatId) throws Exception {
        boolean group = chatId < 0;
        String[] keys = {"flood:bot", (group ? "flood:group:" : "flood:chat:") + chatId};
        String[] callArgs = args.clone();
        callArgs[5] = group ? "group" : "chat";
        long started = System.nanoTime();
        while (true) {
            // A group's sliding window needs a member per send; a private chat's bucket needs none.
            callArgs[6] = group ? UUID.randomUUID().toString() : "";
            long wait = script.<Long>call(redis, ScriptOutputType.INTEGER, keys, callArgs)
                    .get();
            if (wait <= 0) {
                waited.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                return Optional.empty();
            }
            Duration spent = Duration.ofNanos(System.nanoTime() - started);
            if (spent.plusMillis(wait).compareTo(limits.maxWait()) > 0) {
                return Optional.of(spent.plusMillis(wait));
            }
            Thread.sleep(wait);
        }
    }
}
