package dev.trainingbot.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void eachRetryWaitsAboutTwiceAsLongAsThePreviousOne() {
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delay(1).toMillis()).isBetween(80L, 120L);
            assertThat(backoff.delay(2).toMillis()).isBetween(160L, 240L);
            assertThat(backoff.delay(3).toMillis()).isBetween(320L, 480L);
        }
    }

    @Test
    void waitsAreSpreadSoThatCallersThatFailedTogetherDoNotRetryTogether() {
        Set<Long> waits = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            waits.add(backoff.delay(3).toMillis());
        }

        assertThat(waits).hasSizeGreaterThan(10);
    }

    @Test
    void noWaitIsLongerThanTheCapHoweverManyRetriesFailed() {
        for (int retry : new int[] {6, 20, 64, 1_000, Integer.MAX_VALUE}) {
            assertThat(backoff.delay(retry)).isLessThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(backoff.delay(retry)).isGreaterThanOrEqualTo(Duration.ofMillis(1_600));
        }
    }

    @Test
    void aWaitTheOtherSideNamedIsHonouredEvenAboveTheCap() {
        assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(35)))).isEqualTo(Duration.ofSeconds(35));
        assertThat(backoff.delay(1, Optional.empty()).toMillis()).isBetween(80L, 120L);
    }

    @Test
    void anInitialWaitAboveTheCapStartsAtTheCap() {
        Backoff inverted = Backoff.exponential(Duration.ofSeconds(60), Duration.ofSeconds(1));

        assertThat(inverted.delay(1)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(inverted.initial()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRetryNumberBelowOneCountsAsTheFirstRetry() {
        assertThat(backoff.delay(0).toMillis()).isBetween(80L, 120L);
        assertThat(backoff.delay(-3).toMillis()).isBetween(80L, 120L);
    }

    @Test
    void backoffsWithTheSameWaitsAreEqualAsConfigurationsAre() {
        assertThat(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2)))
                .isEqualTo(backoff);
        assertThat(Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(2)))
                .isNotEqualTo(backoff);
    }

    @Test
    void zeroWaitsAreRefused() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
