package dev.trainingbot.worker.consume;

import dev.trainingbot.worker.fsm.FsmConflictException;
import dev.trainingbot.worker.telegram.TelegramException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Sorts a failed update: {@link Kind#TRANSIENT} failures are the fleet's dependencies being unavailable (Redis or
 * PostgreSQL unreachable or refusing work, Telegram answering 429/5xx, a conversation saved concurrently) and are
 * retried for as long as it takes, without counting toward dead-lettering — an outage must not dead-letter every
 * update that arrives during it. Everything else is {@link Kind#POISON}: a failure of this update itself,
 * dead-lettered after {@code WORKER_MAX_ATTEMPTS}.
 *
 * <p>Redis: every {@link RedisException} is transient — disconnected, timed out, the request queue full, or the
 * server answering {@code READONLY} (a failover), {@code OOM}, {@code BUSY}, {@code LOADING}, {@code MASTERDOWN} and
 * the like — except the errors of the command itself, which the same command meets again however long it waits:
 * {@code WRONGTYPE}, {@code ERR} (a script that fails, a wrong argument), {@code EXECABORT} and {@code NOSCRIPT}
 * ({@code RedisScript} loads a script Redis forgot, so a {@code NOSCRIPT} seen here bypassed it).
 */
final class Failures {

    enum Kind {
        TRANSIENT,
        POISON
    }

    /** Error codes of a command Redis refused for what it is or what it touched. */
    private static final List<String> COMMAND_ERRORS = List.of("WRONGTYPE", "ERR", "EXECABORT", "NOSCRIPT");

    /**
     * Error codes of a server that cannot take the command now. Redis 7 keeps them when a call inside a script fails;
     * Redis 6 wraps them as {@code ERR Error running script (…): … -OOM …}, hence the search inside {@code ERR}.
     */
    private static final List<String> UNAVAILABLE = List.of(
            "READONLY",
            "OOM",
            "BUSY",
            "LOADING",
            "MASTERDOWN",
            "MISCONF",
            "TRYAGAIN",
            "CLUSTERDOWN",
            "NOREPLICAS",
            "NOAUTH",
            "NOPERM");

    private Failures() {}

    static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TelegramException.Retriable
                    || t instanceof FsmConflictException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof RetriableException
                    || t instanceof TimeoutException
                    // Not the update's fault: the handling thread was interrupted (the consumer decides whether
                    // the record is still this worker's).
                    || t instanceof InterruptedException) {
                return Kind.TRANSIENT;
            }
            if (t instanceof RedisException redis) {
                return isCommandError(redis.getMessage()) ? Kind.POISON : Kind.TRANSIENT;
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

    /**
     * Whether a Redis error reply (its code is the first word) refused the command itself. Lettuce's own errors
     * ("Currently not connected", "Request queue size exceeded", "Connection closed") carry no code: transient.
     */
    static boolean isCommandError(String message) {
        if (message == null) {
            return false;
        }
        int space = message.indexOf(' ');
        String code = space < 0 ? message : message.substring(0, space);
        if (!COMMAND_ERRORS.contains(code)) {
            return false;
        }
        if (code.equals("ERR")) {
            if (message.startsWith("ERR max number of clients reached")) {
                return false;
            }
            for (String unavailable : UNAVAILABLE) {
                if (message.contains("-" + unavailable + " ")) {
                    return false;
                }
            }
        }
        return true;
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
