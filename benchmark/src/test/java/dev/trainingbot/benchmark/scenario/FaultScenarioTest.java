package dev.trainingbot.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.benchmark.load.Distribution;
import dev.trainingbot.benchmark.load.Latencies;
import org.junit.jupiter.api.Test;

class FaultScenarioTest {

    private static final long SECOND = 1_000_000_000L;

    /** A timeline of 20 s whose presses took {@code slowMillis} from second 5 to 11, 10 ms otherwise. */
    private static Distribution[] timeline(long slowMillis) {
        Latencies latencies = new Latencies();
        for (int s = 0; s < 20; s++) {
            long millis = s >= 5 && s < 11 ? slowMillis : 10;
            latencies.record(s * SECOND, millis * 1_000_000);
        }
        return latencies.perSecond(0, 20);
    }

    @Test
    void recoveryRunsFromTheFaultsEndToTheFirstThreeCalmSeconds() {
        assertThat(FaultScenario.recovery(timeline(8_000), 5.0, 500)).isEqualTo(6.0);
        assertThat(FaultScenario.recovery(timeline(8_000), 11.0, 500)).isEqualTo(0.0);
    }

    @Test
    void aSecondWithoutAnswersIsNotCalm() {
        Latencies latencies = new Latencies();
        latencies.record(0, 1_000_000);
        latencies.record(4 * SECOND, 1_000_000);
        latencies.record(5 * SECOND, 1_000_000);
        latencies.record(6 * SECOND, 1_000_000);

        assertThat(FaultScenario.recovery(latencies.perSecond(0, 8), 1.0, 500)).isEqualTo(3.0);
    }

    @Test
    void neverCalmAgainIsNaN() {
        assertThat(FaultScenario.recovery(timeline(8_000), 5.0, 500)).isFinite();
        Latencies latencies = new Latencies();
        for (int s = 0; s < 10; s++) {
            latencies.record(s * SECOND, 9_000_000_000L);
        }
        assertThat(FaultScenario.recovery(latencies.perSecond(0, 10), 2.0, 500)).isNaN();
    }
}
