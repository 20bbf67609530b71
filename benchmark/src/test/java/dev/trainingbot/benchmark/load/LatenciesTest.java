package dev.trainingbot.benchmark.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        Latencies latencies = new Latencies();
        for (int ms = 100; ms >= 1; ms--) {
            latencies.record(0, ms * 1_000_000L);
        }
        Distribution all = latencies.all();

        assertThat(all.count()).isEqualTo(100);
        assertThat(all.p50()).isEqualTo(50.0);
        assertThat(all.p95()).isEqualTo(95.0);
        assertThat(all.p99()).isEqualTo(99.0);
        assertThat(all.maxMillis()).isEqualTo(100.0);
        assertThat(new Latencies().all().p99()).isNaN();
    }

    @Test
    void aWindowAndATimelineCountSamplesByTheirStart() {
        Latencies latencies = new Latencies();
        long origin = 10 * SECOND;
        latencies.record(origin - 1, 5_000_000);
        latencies.record(origin, 1_000_000);
        latencies.record(origin + SECOND / 2, 2_000_000);
        latencies.record(origin + 2 * SECOND, 9_000_000);

        assertThat(latencies.between(origin, origin + SECOND).count()).isEqualTo(2);
        Distribution[] timeline = latencies.perSecond(origin, 3);
        assertThat(timeline[0].count()).isEqualTo(2);
        assertThat(timeline[0].maxMillis()).isEqualTo(2.0);
        assertThat(timeline[1].count()).isZero();
        assertThat(timeline[2].p50()).isEqualTo(9.0);
    }

    @Test
    void holdsMoreSamplesThanItsFirstArrays() {
        Latencies latencies = new Latencies();
        for (int i = 0; i < 200_000; i++) {
            latencies.record(i, i);
        }
        assertThat(latencies.size()).isEqualTo(200_000);
        assertThat(latencies.all().maxMillis()).isEqualTo(199_999 / 1e6);
    }
}
