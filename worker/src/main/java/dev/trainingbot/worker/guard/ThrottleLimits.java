package dev.trainingbot.worker.guard;

import dev.trainingbot.common.config.ConfigReader;
import java.time.Duration;

/**
 * The throttle's limits. A user may send {@code burst} updates at once and {@code rate} per second on average; an
 * update beyond that is refused. The first refusal opens a violation window of {@code window}: the user is told "too
 * many requests" once, and further refusals inside the window are silent and not counted again. The
 * {@code maxViolations}-th violation bans the user for {@code ban}; they are told once. After a ban the user starts
 * afresh. Violations are forgotten after a quiet {@code ban}.
 *
 * <p>{@code THROTTLE_BURST} (5), {@code THROTTLE_RATE} (1.0 per second), {@code THROTTLE_WINDOW_SECONDS} (10),
 * {@code THROTTLE_MAX_VIOLATIONS} (3), {@code THROTTLE_BAN_SECONDS} (300), {@code DEDUPE_TTL_SECONDS} (86400: how long
 * an update id is remembered; Telegram gives up redelivering long before).
 */
public record ThrottleLimits(
        int burst, double rate, Duration window, int maxViolations, Duration ban, Duration dedupeTtl) {

    public static ThrottleLimits read(ConfigReader config) {
        return new ThrottleLimits(
                config.integer("THROTTLE_BURST", 5, 1, 10_000),
                config.decimal("THROTTLE_RATE", 1.0, 0, 10_000),
                config.seconds("THROTTLE_WINDOW_SECONDS", 10, 1, 86_400),
                config.integer("THROTTLE_MAX_VIOLATIONS", 3, 1, 1_000),
                config.seconds("THROTTLE_BAN_SECONDS", 300, 1, 30 * 86_400),
                config.seconds("DEDUPE_TTL_SECONDS", 86_400, 60, 30 * 86_400));
    }
}
