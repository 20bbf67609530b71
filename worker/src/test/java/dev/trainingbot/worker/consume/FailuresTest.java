package dev.trainingbot.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.worker.fsm.FsmConflictException;
import dev.trainingbot.worker.telegram.TelegramException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void unavailableDependenciesAreTransient() {
        assertThat(Failures.classify(new RedisCommandTimeoutException("timeout")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new RedisException("Currently not connected. Commands are rejected.")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new SQLTransientConnectionException("pool timeout")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new SQLException("connection refused", "08001")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new TelegramException.Retriable("sendMessage", "502", Optional.empty(), null)))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new FsmConflictException("fsm:1:1", 3))).isEqualTo(Failures.Kind.TRANSIENT);
    }

    @Test
    void aTransientCauseDeepInTheChainCounts() {
        Exception wrapped = new IllegalStateException("handler failed", new RedisCommandTimeoutException("timeout"));

        assertThat(Failures.classify(wrapped)).isEqualTo(Failures.Kind.TRANSIENT);
    }

    @Test
    void failuresOfTheUpdateItselfArePoison() {
        assertThat(Failures.classify(new IllegalStateException("bug"))).isEqualTo(Failures.Kind.POISON);
        assertThat(Failures.classify(new TelegramException.Permanent("sendMessage", 400, "can't parse entities", null)))
                .isEqualTo(Failures.Kind.POISON);
        assertThat(Failures.classify(new SQLException("duplicate key", "23505")))
                .isEqualTo(Failures.Kind.POISON);
        assertThat(Failures.classify(new RedisException("WRONGTYPE Operation against a key")))
                .isEqualTo(Failures.Kind.POISON);
    }
}
