package dev.trainingbot.benchmark.load;

import java.util.Arrays;

/**
 * A set of latencies, sorted: count and nearest-rank percentiles in milliseconds. An empty distribution answers NaN,
 * which the report prints as "—".
 */
public final class Distribution {

    private final long[] sortedNanos;

    private Distribution(long[] sortedNanos) {
        this.sortedNanos = sortedNanos;
    }

    /** Takes ownership of {@code nanos} and sorts it. */
    public static Distribution of(long[] nanos) {
        Arrays.sort(nanos);
        return new Distribution(nanos);
    }

    public int count() {
        return sortedNanos.length;
    }

    /** The nearest-rank percentile {@code p} (0 < p ≤ 100) in milliseconds. */
    public double percentileMillis(double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.clamp(rank - 1, 0, sortedNanos.length - 1)] / 1e6;
    }

    public double p50() {
        return percentileMillis(50);
    }

    public double p95() {
        return percentileMillis(95);
    }

    public double p99() {
        return percentileMillis(99);
    }

    public double maxMillis() {
        return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
    }
}
