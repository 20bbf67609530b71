package dev.trainingbot.benchmark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramTest {

    private static final String WORKER_A = """
            # HELP worker_pipeline_own_seconds Time
            # TYPE worker_pipeline_own_seconds histogram
            worker_pipeline_own_seconds_bucket{service="worker",le="0.001"} 50.0
            worker_pipeline_own_seconds_bucket{service="worker",le="0.002"} 90.0
            worker_pipeline_own_seconds_bucket{service="worker",le="0.004"} 100.0
            worker_pipeline_own_seconds_bucket{service="worker",le="+Inf"} 100.0
            worker_pipeline_own_seconds_count{service="worker"} 100.0
            worker_pipeline_own_seconds_sum{service="worker"} 0.12
            worker_pipeline_stage_seconds_bucket{service="worker",stage="guard",le="0.001"} 7.0
            """;

    @Test
    void quantilesInterpolateInsideTheirBucketAsPrometheusDoes() {
        Histogram own = Histogram.of(PrometheusText.parse(WORKER_A), "worker_pipeline_own_seconds", l -> true);

        assertThat(own.count()).isEqualTo(100);
        assertThat(own.quantileMillis(0.5)).isCloseTo(1.0, within(1e-9));
        // The 70th observation lies half-way through the (1 ms, 2 ms] bucket of 40.
        assertThat(own.quantileMillis(0.7)).isCloseTo(1.5, within(1e-9));
        assertThat(own.quantileMillis(0.99)).isCloseTo(3.8, within(1e-9));
        assertThat(own.meanMillis()).isCloseTo(1.2, within(1e-9));
    }

    @Test
    void aWindowIsTheDifferenceOfTwoScrapesSummedOverWorkers() {
        List<PrometheusText.Sample> before = PrometheusText.parse(WORKER_A);
        List<PrometheusText.Sample> after = PrometheusText.parse(WORKER_A.replace("} 50.0", "} 150.0")
                .replace("le=\"0.002\"} 90.0", "le=\"0.002\"} 190.0")
                .replace("} 100.0", "} 200.0"));
        Histogram window = Histogram.of(after, "worker_pipeline_own_seconds", l -> true)
                .minus(Histogram.of(before, "worker_pipeline_own_seconds", l -> true));
        Histogram twoWorkers = window.plus(window);

        assertThat(window.count()).isEqualTo(100);
        // All 100 of the window fell in the first bucket: the median is half-way through it.
        assertThat(window.quantileMillis(0.5)).isCloseTo(0.5, within(1e-9));
        assertThat(twoWorkers.count()).isEqualTo(200);
        assertThat(twoWorkers.quantileMillis(0.7)).isCloseTo(window.quantileMillis(0.7), within(1e-9));
    }

    @Test
    void aFilterSelectsTheSeriesOfOneStage() {
        Histogram guard = Histogram.of(
                PrometheusText.parse(WORKER_A), "worker_pipeline_stage_seconds", l -> "guard".equals(l.get("stage")));
        Histogram fsm = Histogram.of(
                PrometheusText.parse(WORKER_A), "worker_pipeline_stage_seconds", l -> "fsm".equals(l.get("stage")));

        assertThat(guard.quantileMillis(0.5)).isCloseTo(0.5, within(1e-9));
        assertThat(fsm.quantileMillis(0.5)).isNaN();
    }
}
