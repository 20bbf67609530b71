package dev.trainingbot.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.worker.telegram.TelegramException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void theConfiguredBackoffDoublesFromItsStartUpToItsCap() {
        for (int i = 0; i < 50; i++) {
            assertThat(policy.backoff(1).toMillis()).isBetween(80L, 120L);
            assertThat(policy.backoff(2).toMillis()).isBetween(160L, 240L);
            assertThat(policy.backoff(64)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void anUpdateThatFailedOnATelegram429WaitsWhatTelegramAskedFor() {
        Exception rateLimited = new IllegalStateException(
                "reply failed",
                new TelegramException.Retriable("sendMessage", "429", Optional.of(Duration.ofSeconds(30)), null));

        assertThat(policy.backoff(1, rateLimited)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoff(1, new IllegalStateException("bug")).toMillis())
                .isBetween(80L, 120L);
    }
}
