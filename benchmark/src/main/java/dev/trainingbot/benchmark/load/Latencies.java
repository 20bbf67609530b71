package dev.trainingbot.benchmark.load;

import java.util.Arrays;

/**
 * Latency samples, each with the moment its operation started, so that a run can be cut into a measured window and
 * into seconds. Thread-safe; recording is a synchronized append to primitive arrays, cheap at tens of thousands of
 * samples a second.
 */
public final class Latencies {

    private long[] startedNanos = new long[1 << 16];
    private long[] latencyNanos = new long[1 << 16];
    private int size;

    public synchronized void record(long startedAt, long latency) {
        if (size == startedNanos.length) {
            startedNanos = Arrays.copyOf(startedNanos, size * 2);
            latencyNanos = Arrays.copyOf(latencyNanos, size * 2);
        }
        startedNanos[size] = startedAt;
        latencyNanos[size] = latency;
        size++;
    }

    public synchronized int size() {
        return size;
    }

    /** The samples whose operation started in {@code [from, to)} ({@link System#nanoTime()}). */
    public synchronized Distribution between(long from, long to) {
        long[] selected = new long[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (startedNanos[i] >= from && startedNanos[i] < to) {
                selected[n++] = latencyNanos[i];
            }
        }
        return Distribution.of(Arrays.copyOf(selected, n));
    }

    /** The latest moment an operation started before {@code moment} was answered; {@code Long.MIN_VALUE} if none. */
    public synchronized long lastAnswerOfStartedBefore(long moment) {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            if (startedNanos[i] < moment) {
                last = Math.max(last, startedNanos[i] + latencyNanos[i]);
            }
        }
        return last;
    }

    /** All samples. */
    public Distribution all() {
        return between(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Per second from {@code origin}: how many samples started in that second, and their distribution — a timeline.
     */
    public synchronized Distribution[] perSecond(long origin, int seconds) {
        long[][] buckets = new long[seconds][];
        int[] counts = new int[seconds];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < size; i++) {
                long second = Math.floorDiv(startedNanos[i] - origin, 1_000_000_000L);
                if (second < 0 || second >= seconds) {
                    continue;
                }
                int s = (int) second;
                if (pass == 0) {
                    counts[s]++;
                } else {
                    buckets[s][--counts[s]] = latencyNanos[i];
                }
            }
            if (pass == 0) {
                for (int s = 0; s < seconds; s++) {
                    buckets[s] = new long[counts[s]];
                }
            }
        }
        Distribution[] timeline = new Distribution[seconds];
        for (int s = 0; s < seconds; s++) {
            timeline[s] = Distribution.of(buckets[s]);
        }
        return timeline;
    }
}
