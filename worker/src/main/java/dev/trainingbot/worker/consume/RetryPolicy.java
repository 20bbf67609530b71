package dev.trainingbot.worker.consume;

import dev.trainingbot.common.retry.Backoff;
import java.time.Duration;

/**
 * How a failed update is retried: up to {@code maxAttempts} attempts for failures of the update itself (then it is
 * dead-lettered), without limit for transient ones; between attempts the fleet's {@link Backoff} — exponential from
 * {@code WORKER_RETRY_BACKOFF_MS}, doubling up to {@code WORKER_RETRY_BACKOFF_MAX_MS}, with jitter so that updates
 * failing together do not retry together — or the wait Telegram asked for when a 429 made the update fail.
 *
 * <p>{@code WORKER_MAX_ATTEMPTS} (default 5), {@code WORKER_RETRY_BACKOFF_MS} (default 200) and
 * {@code WORKER_RETRY_BACKOFF_MAX_MS} (default 10000). A longer backoff holds the chat longer while a dependency is
 * down; a shorter one retries more often into an outage.
 */
public record RetryPolicy(int maxAttempts, Backoff backoff) {

    public RetryPolicy(int maxAttempts, Duration initial, Duration max) {
        this(maxAttempts, Backoff.exponential(initial, max));
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry) {
        return backoff.delay(retry);
    }

    /** The wait before retry number {@code retry} after {@code failure}: Telegram's {@code retry_after}, if it named one. */
    public Duration backoff(int retry, Throwable failure) {
        return backoff.delay(retry, Failures.retryAfter(failure));
    }
}
