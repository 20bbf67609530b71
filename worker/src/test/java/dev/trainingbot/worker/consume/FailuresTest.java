package dev.trainingbot.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.worker.fsm.FsmConflictException;
import dev.trainingbot.worker.telegram.TelegramException;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisReadOnlyException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
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
    void aPostgresFailoverTimeoutOrLockWaitIsTransientNotTheUpdatesFault() {
        // The window right after a failover (a read-only transaction), a statement timeout or cancel, a lock timeout:
        // every writing update of that window would otherwise be dead-lettered.
        for (String state : new String[] {"25006", "57014", "55P03", "57P01", "08006", "40001", "40P01", "53300"}) {
            Exception wrapped =
                    new IllegalStateException("could not execute statement", new SQLException("refused", state));

            assertThat(Failures.classify(wrapped)).as(state).isEqualTo(Failures.Kind.TRANSIENT);
        }
    }

    @Test
    void valuesPostgresRefusesArePoison() {
        for (String state : new String[] {"22P05", "22021", "22008", "23505", "23503", "42P01"}) {
            assertThat(Failures.classify(new SQLException("refused", state)))
                    .as(state)
                    .isEqualTo(Failures.Kind.POISON);
        }
    }

    @Test
    void theWaitTelegramAskedForIsFoundBehindTheUpdatesFailure() {
        Exception wrapped = new IllegalStateException(
                "handler failed",
                new TelegramException.Retriable("sendMessage", "429", Optional.of(Duration.ofSeconds(12)), null));

        assertThat(Failures.retryAfter(wrapped)).contains(Duration.ofSeconds(12));
        assertThat(Failures.retryAfter(new IllegalStateException("bug"))).isEmpty();
    }

    @Test
    void aRedisThatRefusesWorkForNowIsTransient() {
        // A failover, a full or busy server, a replica still loading, the client's own queue full: the same command
        // succeeds once the server is back, so the update waits rather than being dead-lettered.
        assertThat(Failures.classify(
                        new RedisReadOnlyException("READONLY You can't write against a read only replica.")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(
                        new RedisCommandExecutionException("OOM command not allowed when used memory > 'maxmemory'.")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new RedisBusyException(
                        "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new RedisCommandExecutionException(
                        "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new RedisLoadingException("LOADING Redis is loading the dataset in memory")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new RedisException("Request queue size exceeded: 10000. Commands are not accepted"
                        + " until the queue size drops.")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new RedisException("Connection closed"))).isEqualTo(Failures.Kind.TRANSIENT);
    }

    @Test
    void aScriptWhoseRedisCallMetAnUnavailableServerIsTransient() {
        // Redis 7 keeps the code of the failed call; Redis 6 wrapped it in ERR.
        assertThat(Failures.classify(new RedisReadOnlyException("READONLY You can't write against a read only replica."
                        + " script: efa259bf8669816f30613d4295dcabcac54cfa29, on @user_script:1.")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new RedisCommandExecutionException("ERR Error running script (call to"
                        + " f_efa259bf): @user_script:1: @user_script: 1: -OOM command not allowed when used memory >"
                        + " 'maxmemory'.")))
                .isEqualTo(Failures.Kind.TRANSIENT);
    }

    @Test
    void redisCommandErrorsThatNoRetryCanFixArePoison() {
        assertThat(Failures.classify(new RedisCommandExecutionException(
                        "WRONGTYPE Operation against a key holding the wrong kind of value")))
                .isEqualTo(Failures.Kind.POISON);
        assertThat(Failures.classify(new RedisCommandExecutionException(
                        "ERR user_script:1: Script attempted to access nonexistent global variable 'foo' script:"
                                + " 531b6238, on @user_script:1.")))
                .isEqualTo(Failures.Kind.POISON);
        assertThat(Failures.classify(new RedisCommandExecutionException(
                        "ERR Error running script (call to f_531b6238): @user_script:1: attempt to compare nil")))
                .isEqualTo(Failures.Kind.POISON);
        assertThat(Failures.classify(new RedisCommandExecutionException("ERR value is not an integer or out of range")))
                .isEqualTo(Failures.Kind.POISON);
        assertThat(Failures.classify(new RedisNoScriptException("NOSCRIPT No matching script. Please use EVAL.")))
                .isEqualTo(Failures.Kind.POISON);
    }

    @Test
    void anInterruptedHandlerIsNotTheUpdatesFault() {
        assertThat(Failures.classify(new InterruptedException())).isEqualTo(Failures.Kind.TRANSIENT);
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
