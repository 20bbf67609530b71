package dev.trainingbot.benchmark.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A Prometheus histogram (a Micrometer timer with a percentile histogram) summed over the series and services that
 * a filter selects, and differences of two scrapes: so a benchmark reads the quantiles of exactly its measured
 * window, as {@code histogram_quantile(rate(...))} would, across all workers.
 */
public final class Histogram {

    private final TreeMap<Double, Double> cumulative;
    private final double count;
    private final double sumSeconds;

    private Histogram(TreeMap<Double, Double> cumulative, double count, double sumSeconds) {
        this.cumulative = cumulative;
        this.count = count;
        this.sumSeconds = sumSeconds;
    }

    public static Histogram empty() {
        return new Histogram(new TreeMap<>(), 0, 0);
    }

    /** {@code metric}'s buckets, count and sum over the samples whose labels {@code select} accepts. */
    public static Histogram of(
            List<PrometheusText.Sample> samples, String metric, Predicate<Map<String, String>> select) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double count = 0;
        double sum = 0;
        for (PrometheusText.Sample sample : samples) {
            if (!select.test(sample.labels())) {
                continue;
            }
            if (sample.name().equals(metric + "_bucket")) {
                double le = Double.parseDouble(sample.labels().get("le").replace("+Inf", "Infinity"));
                buckets.merge(le, sample.value(), Double::sum);
            } else if (sample.name().equals(metric + "_count")) {
                count += sample.value();
            } else if (sample.name().equals(metric + "_sum")) {
                sum += sample.value();
            }
        }
        return new Histogram(buckets, count, sum);
    }

    public Histogram plus(Histogram other) {
        TreeMap<Double, Double> buckets = new TreeMap<>(cumulative);
        other.cumulative.forEach((le, n) -> buckets.merge(le, n, Double::sum));
        return new Histogram(buckets, count + other.count, sumSeconds + other.sumSeconds);
    }

    /** This histogram's observations since {@code earlier}, a scrape of the same series. */
    public Histogram minus(Histogram earlier) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        cumulative.forEach((le, n) -> buckets.put(le, n - earlier.cumulative.getOrDefault(le, 0.0)));
        return new Histogram(buckets, count - earlier.count, sumSeconds - earlier.sumSeconds);
    }

    public double count() {
        return count;
    }

    public double meanMillis() {
        return count == 0 ? Double.NaN : sumSeconds / count * 1000;
    }

    /**
     * The {@code q} quantile (0..1) in milliseconds, interpolated linearly inside its bucket as Prometheus's
     * {@code histogram_quantile} does; NaN without observations.
     */
    public double quantileMillis(double q) {
        Double total = cumulative.isEmpty() ? null : cumulative.lastEntry().getValue();
        if (total == null || total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound * 1000;
                }
                double inBucket = bucket.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return (lowerBound + (bucket.getKey() - lowerBound) * fraction) * 1000;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound * 1000;
    }
}
