package dev.trainingbot.worker.guard;

import java.time.Duration;
import java.util.Optional;

/**
 * The guard's answer for one update: the decision and, for a banned user, how long the ban lasts (for the notice).
 *
 * @param ban the ban's length when {@code decision} is a ban, else empty
 */
public record GuardVerdict(GuardDecision decision, Optional<Duration> ban) {

    static GuardVerdict parse(String reply) {
        int space = reply.indexOf(' ');
        if (space < 0) {
            return new GuardVerdict(GuardDecision.valueOf(reply), Optional.empty());
        }
        return new GuardVerdict(
                GuardDecision.valueOf(reply.substring(0, space)),
                Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(reply.substring(space + 1)) * 1000))));
    }
}
