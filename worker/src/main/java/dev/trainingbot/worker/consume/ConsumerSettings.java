package dev.trainingbot.worker.consume;

import dev.trainingbot.common.config.ConfigReader;
import java.time.Duration;

/**
 * How the worker consumes {@code tg.updates}.
 *
 * @param maxInFlight {@code WORKER_MAX_IN_FLIGHT} (default 1000): records polled but not done, never more; at this
 *     many the worker pauses its partitions and resumes at half. Higher keeps more chats moving when Telegram is slow,
 *     at the cost of memory and of more duplicates after a crash (only in-flight records can be handled twice).
 * @param drainTimeout {@code WORKER_DRAIN_TIMEOUT_MS} (default 10000): on shutdown or when partitions are revoked, how
 *     long records in flight may finish before they are abandoned to the next owner. Keep Kubernetes'
 *     terminationGracePeriodSeconds above it.
 * @param commitInterval {@code WORKER_COMMIT_INTERVAL_MS} (default 200): how often done offsets are committed; a
 *     longer interval means fewer commits and more duplicates after a crash.
 * @param retry the update retry policy
 */
public record ConsumerSettings(int maxInFlight, Duration drainTimeout, Duration commitInterval, RetryPolicy retry) {

    /** Kafka's default {@code max.poll.records}, the most one poll returns here too. */
    private static final int MAX_POLL_RECORDS = 500;

    /**
     * The consumer's {@code max.poll.records}: Kafka's 500, or {@link #maxInFlight()} when that is smaller. The bound
     * holds whatever a poll returns (records beyond it are fetched again later); this keeps a poll from fetching
     * many more records than the bound can take.
     */
    public int maxPollRecords() {
        return Math.min(MAX_POLL_RECORDS, maxInFlight);
    }

    /** These settings with at most {@code bound} records in flight (never more than this one's bound). */
    public ConsumerSettings withMaxInFlight(int bound) {
        return new ConsumerSettings(Math.min(maxInFlight, bound), drainTimeout, commitInterval, retry);
    }

    public static ConsumerSettings read(ConfigReader config) {
        return new ConsumerSettings(
                config.integer("WORKER_MAX_IN_FLIGHT", 1_000, 1, 1_000_000),
                config.millis("WORKER_DRAIN_TIMEOUT_MS", 10_000, 0, 600_000),
                config.millis("WORKER_COMMIT_INTERVAL_MS", 200, 10, 60_000),
                new RetryPolicy(
                        config.integer("WORKER_MAX_ATTEMPTS", 5, 1, 100),
                        config.millis("WORKER_RETRY_BACKOFF_MS", 200, 1, 60_000),
                        config.millis("WORKER_RETRY_BACKOFF_MAX_MS", 10_000, 1, 600_000)));
    }
}
