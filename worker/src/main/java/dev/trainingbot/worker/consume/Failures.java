package dev.trainingbot.worker.consume;

import dev.trainingbot.worker.fsm.FsmConflictException;
import dev.trainingbot.worker.telegram.TelegramException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Sorts a failed update: {@link Kind#TRANSIENT} failures are the fleet's dependencies being unavailable (Redis or
 * PostgreSQL unreachable, Telegram answering 429/5xx, a conversation saved concurrently) and are retried for as long
 * as it takes, without counting toward dead-lettering — an outage must not dead-letter every update that arrives
 * during it. Everything else is {@link Kind#POISON}: a failure of this update itself, dead-lettered after
 * {@code WORKER_MAX_ATTEMPTS}.
 */
final class Failures {

    enum Kind {
        TRANSIENT,
        POISON
    }

    private Failures() {}

    static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TelegramException.Retriable
                    || t instanceof FsmConflictException
                    || t instanceof RedisConnectionException
                    || t instanceof RedisCommandTimeoutException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof RetriableException
                    || t instanceof TimeoutException) {
                return Kind.TRANSIENT;
            }
            if (t instanceof RedisException redis && isDisconnected(redis)) {
                return Kind.TRANSIENT;
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return Kind.TRANSIENT;
            }
            if (t instanceof IOException && !(t instanceof com.fasterxml.jackson.core.JsonProcessingException)) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.POISON;
    }

    private static boolean isDisconnected(RedisException e) {
        String message = e.getMessage();
        return message != null
                && (message.contains("not connected")
                        || message.contains("Connection closed")
                        || message.startsWith("LOADING"));
    }

    /**
     * SQLSTATE classes of an unavailable server: 08 (connection), 53 (insufficient resources), 57P (operator
     * intervention: shutdown, restart), 40001/40P01 (serialization failure, deadlock: retry the transaction).
     */
    private static boolean isConnectionState(String state) {
        return state != null
                && (state.startsWith("08")
                        || state.startsWith("53")
                        || state.startsWith("57P")
                        || state.equals("40001")
                        || state.equals("40P01"));
    }
}
