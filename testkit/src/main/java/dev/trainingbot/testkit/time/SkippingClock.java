package dev.trainingbot.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system's clock, plus whatever time a test has skipped: it runs at the real pace, so what happens within a
 * second looks as it would, and {@link #skip} jumps it ahead, so a test of a minute's ban or a ten-second window need
 * not wait for it. Share one between the services whose clocks must agree (the emulator's message dates and the
 * ingress's {@code received-at}). Thread-safe.
 */
public final class SkippingClock extends Clock {

    private final AtomicLong skippedNanos = new AtomicLong();

    /** Moves the clock ahead by {@code duration}. */
    public void skip(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock skips ahead, not back: " + duration);
        }
        skippedNanos.addAndGet(duration.toNanos());
    }

    /** How far ahead of the system's clock this one is. */
    public Duration skipped() {
        return Duration.ofNanos(skippedNanos.get());
    }

    @Override
    public Instant instant() {
        return Instant.now().plusNanos(skippedNanos.get());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + skippedNanos.get() / 1_000_000;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a skipping clock is UTC");
    }
}
