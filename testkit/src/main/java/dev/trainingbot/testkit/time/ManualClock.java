package dev.trainingbot.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that a test moves: it stands still at the instant it was set to, and {@link #advance} moves it forward,
 * so days pass in a moment. Thread-safe; shared by every service of a fleet under test that takes a clock. It never
 * moves backward.
 */
public final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock standing at the current instant of the system clock. */
    public static ManualClock ofNow() {
        return new ManualClock(Instant.now());
    }

    /** Moves the clock {@code by} forward; returns the new instant. */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + by);
        }
        return now.updateAndGet(instant -> instant.plus(by));
    }

    /** Moves the clock forward to {@code instant}; refused if it lies in the clock's past. */
    public void moveTo(Instant instant) {
        Instant before = now.getAndUpdate(current -> current.isAfter(instant) ? current : instant);
        if (before.isAfter(instant)) {
            throw new IllegalArgumentException("a clock does not go back: from " + before + " to " + instant);
        }
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock is in UTC");
    }
}
