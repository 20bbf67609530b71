package dev.trainingbot.worker.guard;

import dev.trainingbot.common.config.ConfigReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The throttle's limits. A user may send {@code burst} updates at once and {@code rate} per second on average, counted
 * on the updates' arrival clock ({@link Arrival}); an update beyond that is refused. The first refusal opens a
 * violation window of {@code window}: the user is told "too many requests" once, and further refusals inside the
 * window are silent and not counted again. The {@code maxViolations}-th violation bans the user, told once; after the
 * ban the user starts afresh. Violations are forgotten once the user kept within the limits for as long as a first ban
 * lasts.
 *
 * <p>Bans escalate: the first lasts {@code THROTTLE_BAN_SECONDS}; a ban that starts within {@code banMemory} of the
 * end of the previous one takes the next step of the ladder ({@code THROTTLE_BAN_LADDER}: multiples of the first ban
 * for the second, third, … ban; bans beyond the ladder stay at its last step). The defaults give 1 min → 10 min → 1 h
 * → 24 h.
 *
 * <p>{@code THROTTLE_BURST} (5), {@code THROTTLE_RATE} (1.0 per second), {@code THROTTLE_WINDOW_SECONDS} (10),
 * {@code THROTTLE_MAX_VIOLATIONS} (3), {@code THROTTLE_BAN_SECONDS} (60), {@code THROTTLE_BAN_LADDER}
 * ({@code 10,60,1440}), {@code THROTTLE_BAN_MEMORY_SECONDS} (86400), {@code DEDUPE_TTL_SECONDS} (86400: how long an
 * update id is remembered; Telegram gives up redelivering long before).
 *
 * @param bans the length of the first, second, … ban; never empty, never decreasing
 */
public record ThrottleLimits(
        int burst,
        double rate,
        Duration window,
        int maxViolations,
        List<Duration> bans,
        Duration banMemory,
        Duration dedupeTtl) {

    public ThrottleLimits {
        bans = List.copyOf(bans);
        if (bans.isEmpty()) {
            throw new IllegalArgumentException("the ban ladder needs at least one step");
        }
    }

    public static ThrottleLimits read(ConfigReader config) {
        Duration first = config.seconds("THROTTLE_BAN_SECONDS", 60, 1, 30 * 86_400);
        return new ThrottleLimits(
                config.integer("THROTTLE_BURST", 5, 1, 10_000),
                config.decimal("THROTTLE_RATE", 1.0, 0, 10_000),
                config.seconds("THROTTLE_WINDOW_SECONDS", 10, 1, 86_400),
                config.integer("THROTTLE_MAX_VIOLATIONS", 3, 1, 1_000),
                ladder(config, first),
                config.seconds("THROTTLE_BAN_MEMORY_SECONDS", 86_400, 0, 365 * 86_400),
                config.seconds("DEDUPE_TTL_SECONDS", 86_400, 60, 30 * 86_400));
    }

    /** The first ban's length. */
    public Duration firstBan() {
        return bans.getFirst();
    }

    private static List<Duration> ladder(ConfigReader config, Duration first) {
        String name = "THROTTLE_BAN_LADDER";
        String raw = config.string(name, "10,60,1440").strip();
        List<Duration> steps = new ArrayList<>();
        steps.add(first);
        if (raw.isEmpty()) {
            return steps;
        }
        long previous = 1;
        for (String step : raw.split(",")) {
            long factor;
            try {
                factor = Long.parseLong(step.strip());
            } catch (NumberFormatException e) {
                config.invalid(name, raw, "must be whole multiples of THROTTLE_BAN_SECONDS, comma-separated");
                return List.of(first);
            }
            if (factor < previous || factor > 100_000) {
                config.invalid(name, raw, "must not decrease, each between 1 and 100000");
                return List.of(first);
            }
            previous = factor;
            steps.add(first.multipliedBy(factor));
        }
        return steps;
    }
}
