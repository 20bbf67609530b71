package dev.trainingbot.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    private static final List<String> KNOWN = Benchmark.known();
    private static final List<String> DEFAULTS = Benchmark.defaults();

    @Test
    void withoutArgumentsEveryScenarioRunsInTheDefaultOrder() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[0], KNOWN, DEFAULTS);

        assertThat(options.scenarios())
                .startsWith("audit-sink")
                .contains("steady", "ramp", "telegram-50ms", "workers", "broadcast")
                .contains("worker-kill", "redis-restart", "postgres-outage", "kafka-restart")
                .contains("light", "everyday", "busy", "warmup", "idle");
        assertThat(options.out().startsWith(Path.of("results"))).isTrue();
        assertThat(options.broadcastRate()).isEqualTo(30);
        assertThat(options.warmUp()).hasSeconds(40);
        assertThat(options.aot()).isTrue();
    }

    @Test
    void scenariosRunInTheOrderGiven() {
        BenchmarkOptions options = BenchmarkOptions.parse(
                new String[] {"--scenarios", "kafka-restart,steady", "--broadcast-rate", "30", "--out", "x"},
                KNOWN,
                DEFAULTS);

        assertThat(options.scenarios()).containsExactly("kafka-restart", "steady");
        assertThat(options.broadcastRate()).isEqualTo(30);
        assertThat(options.out()).isEqualTo(Path.of("x"));
    }

    @Test
    void theWarmUpOfTheSharedFleetCanBeVariedOrSkipped() {
        BenchmarkOptions options =
                BenchmarkOptions.parse(new String[] {"--scenarios", "light,steady", "--warm-up", "0"}, KNOWN, DEFAULTS);

        assertThat(options.scenarios()).containsExactly("light", "steady");
        assertThat(options.warmUp()).isZero();
    }

    @Test
    void theServicesCanStartWithoutTheImagesAotCaches() {
        assertThat(BenchmarkOptions.parse(new String[] {"--no-aot"}, KNOWN, DEFAULTS)
                        .aot())
                .isFalse();
    }

    @Test
    void theServicesCanBeGivenFlagsBesideTheImagesOwn() {
        BenchmarkOptions options = BenchmarkOptions.parse(
                new String[] {"--service-jvm", " -XX:TieredStopAtLevel=1  -XX:+UseSerialGC"}, KNOWN, DEFAULTS);

        assertThat(options.serviceJvm()).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(BenchmarkOptions.parse(new String[0], KNOWN, DEFAULTS).serviceJvm())
                .isEmpty();
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--service-jvm", "Xmx1g"}, KNOWN, DEFAULTS))
                .hasMessageContaining("Invalid value Xmx1g for --service-jvm: a JVM flag starts with -");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(
                        new String[] {"--scenarios", "steady,nope", "--broadcast-rate", "0", "--fast"},
                        KNOWN,
                        DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario 'nope'")
                .hasMessageContaining("Invalid value 0 for --broadcast-rate: must be > 0")
                .hasMessageContaining("unknown argument '--fast'");
    }
}
