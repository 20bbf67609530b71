package dev.trainingbot.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void backoffDoublesWithJitter() {
        for (int i = 0; i < 50; i++) {
            assertThat(policy.backoff(1).toMillis()).isBetween(80L, 120L);
            assertThat(policy.backoff(2).toMillis()).isBetween(160L, 240L);
            assertThat(policy.backoff(3).toMillis()).isBetween(320L, 480L);
        }
    }

    @Test
    void backoffIsCappedEvenAfterManyRetries() {
        assertThat(policy.backoff(64).toMillis()).isBetween(1600L, 2400L);
    }
}
