package dev.trainingbot.common.retry;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The fleet's one retry backoff, on resilience4j's {@link IntervalFunction}: the first retry waits about
 * {@code initial}, each further one about twice as long — spread ±20 % at random, so that callers that failed together
 * do not retry together — and none more than {@code max}. A wait the other side asked for — Telegram's 429
 * {@code retry_after} — replaces the computed one, uncapped: asking again earlier only earns another 429.
 *
 * <p>A longer {@code max} holds a failing caller back longer once a dependency is down; a shorter one retries more
 * often into the outage. Thread-safe.
 */
public final class Backoff {

    private static final double MULTIPLIER = 2.0;
    private static final double JITTER = 0.2;

    private final Duration initial;
    private final Duration max;
    private final IntervalFunction intervals;

    private Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.intervals = IntervalFunction.ofExponentialRandomBackoff(initial, MULTIPLIER, JITTER, max);
    }

    /**
     * Exponential from {@code initial} up to {@code max}; an {@code initial} above {@code max} is lowered to it.
     *
     * @throws IllegalArgumentException when either is shorter than 1 ms
     */
    public static Backoff exponential(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.toMillis() < 1 || max.toMillis() < 1) {
            throw new IllegalArgumentException("backoff waits are at least 1 ms, not " + initial + " / " + max);
        }
        return new Backoff(initial.compareTo(max) > 0 ? max : initial, max);
    }

    public Duration initial() {
        return initial;
    }

    public Duration max() {
        return max;
    }

    /** The wait before retry number {@code retry} (1 for the first; smaller values count as 1). */
    public Duration delay(int retry) {
        return Duration.ofMillis(Math.max(1, intervals.apply(Math.max(1, retry))));
    }

    /** {@code requested} when the other side named a wait, else {@link #delay(int)}. */
    public Duration delay(int retry, Optional<Duration> requested) {
        return requested.filter(wait -> !wait.isNegative()).orElseGet(() -> delay(retry));
    }

    /** Equal when the waits are: the same {@code initial} and {@code max}. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Backoff that && initial.equals(that.initial) && max.equals(that.max);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initial, max);
    }

    @Override
    public String toString() {
        return "Backoff[" + initial.toMillis() + " ms ×2 up to " + max.toMillis() + " ms, ±20 %]";
    }
}
