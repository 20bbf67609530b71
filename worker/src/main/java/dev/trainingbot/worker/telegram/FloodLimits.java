package dev.trainingbot.worker.telegram;

import dev.trainingbot.common.config.ConfigReader;
import java.time.Duration;

/**
 * Telegram's limits on the messages a bot sends (and edits), as all worker replicas together must keep them.
 *
 * <p>The defaults stay a little inside Telegram's published limits (about 30 a second, 1 a second per chat, 20 a
 * minute per group): a message's turn is decided in Redis, but it reaches Telegram a few to a few hundred
 * milliseconds later, and a burst that left the fleet evenly may arrive bunched. A small bot burst and a margin on the
 * per-chat and per-group budgets absorb that, so Telegram never has to answer 429.
 *
 * @param botPerSecond {@code TELEGRAM_GLOBAL_RATE} (default 30, must be > 0; fractions allowed): messages per second
 *     for the whole bot; Telegram allows more with paid broadcasts
 * @param botBurst {@code TELEGRAM_GLOBAL_BURST} (default a third of the rate): how many may go at once after a quiet
 *     spell; larger bursts arrive bunched more easily
 * @param chatPerSecond {@code TELEGRAM_CHAT_RATE} (default 1, must be > 0): messages per second to one private chat
 * @param chatBurst {@code TELEGRAM_CHAT_BURST} (default 3): a short burst a private chat may get
 * @param groupPerMinute {@code TELEGRAM_GROUP_PER_MINUTE} (default 19): messages in any minute to one group
 * @param maxWait {@code TELEGRAM_FLOOD_MAX_WAIT_MS} (default 60000): a message that would wait longer fails as
 *     retriable, and its update is retried later, rather than holding its chat indefinitely
 * @see FloodLane
 */
public record FloodLimits(
        double botPerSecond, int botBurst, double chatPerSecond, int chatBurst, int groupPerMinute, Duration maxWait) {

    /**
     * How many turns bulk traffic ({@link FloodLane#BULK}) may book ahead under the bot's limit: half its burst, at
     * least one. The other half is left for replies, so a reply goes at once during a broadcast unless replies alone
     * use up that half. More bulk senders in flight than this ask again when a turn frees, rather than book.
     */
    public int bulkAhead() {
        return Math.max(1, botBurst / 2);
    }

    public static FloodLimits read(ConfigReader config) {
        // Both rates must be above zero: flood.lua divides by them to compute a wait.
        double botRate = config.decimal("TELEGRAM_GLOBAL_RATE", 30, 0, 100_000);
        return new FloodLimits(
                botRate,
                config.integer("TELEGRAM_GLOBAL_BURST", (int) Math.max(1, Math.floor(botRate / 3)), 1, 100_000),
                config.decimal("TELEGRAM_CHAT_RATE", 1, 0, 100_000),
                config.integer("TELEGRAM_CHAT_BURST", 3, 1, 100_000),
                config.integer("TELEGRAM_GROUP_PER_MINUTE", 19, 1, 100_000),
                config.millis("TELEGRAM_FLOOD_MAX_WAIT_MS", 60_000, 0, 3_600_000));
    }
}
