package dev.trainingbot.benchmark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsNamesLabelsWithEscapesAndSpecialValues() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("""
                # HELP telegram_calls_total Bot API calls
                telegram_calls_total{method="sendmessage",outcome="ok",note="a \\"quoted\\", {braced} value"} 12.0
                jvm_threads_live_threads 41.0
                worker_handler_seconds_bucket{handler="start",le="+Inf"} 3.0
                broken line
                process_start_time_seconds NaN
                """);

        assertThat(samples).hasSize(4);
        assertThat(samples.get(0).labels())
                .isEqualTo(Map.of("method", "sendmessage", "outcome", "ok", "note", "a \"quoted\", {braced} value"));
        assertThat(samples.get(0).value()).isEqualTo(12.0);
        assertThat(samples.get(1).name()).isEqualTo("jvm_threads_live_threads");
        assertThat(samples.get(2).labels()).containsEntry("le", "+Inf");
        assertThat(samples.get(3).value()).isNaN();
    }
}
