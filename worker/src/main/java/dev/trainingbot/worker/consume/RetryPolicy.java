package dev.trainingbot.worker.consume;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a failed update is retried: up to {@code maxAttempts} attempts for failures of the update itself (then it is
 * dead-lettered), without limit for transient ones; between attempts an exponential backoff from {@code initial},
 * doubling up to {@code max}, with ±20 % jitter so that updates failing together do not retry together.
 *
 * <p>{@code WORKER_MAX_ATTEMPTS} (default 5), {@code WORKER_RETRY_BACKOFF_MS} (default 200) and
 * {@code WORKER_RETRY_BACKOFF_MAX_MS} (default 10000). A longer backoff holds the chat longer while a dependency is
 * down; a shorter one retries more often into an outage.
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max) {

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry) {
        long base = initial.toMillis() << Math.min(20, Math.max(0, retry - 1));
        long capped = Math.min(base, max.toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}
