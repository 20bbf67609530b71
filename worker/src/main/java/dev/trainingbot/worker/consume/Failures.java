package dev.trainingbot.worker.consume;

import dev.trainingbot.common.db.SqlFailure;
import dev.trainingbot.worker.fsm.FsmConflictException;
import dev.trainingbot.worker.telegram.TelegramException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Sorts a failed update: {@link Kind#TRANSIENT} failures are the fleet's dependencies being unavailable (Redis or
 * PostgreSQL unreachable or refusing work, Telegram answering 429/5xx, a conversation saved concurrently) and are
 * retried for as long as it takes, without counting toward dead-lettering — an outage must not dead-letter every
 * update that arrives during it. Everything else is {@link Kind#POISON}: a failure of this update itself,
 * dead-lettered after {@code WORKER_MAX_ATTEMPTS}.
 *
 * <p>Each boundary sorts its own failures in one place, and this class only reads the verdict: Telegram's in
 * {@code TelegramGateway} ({@link TelegramException.Retriable}), PostgreSQL's in {@link SqlFailure} (shared with the
 * audit-consumer, so that "outage" means the same there), Redis's here.
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
            if (t instanceof SQLException sql && SqlFailure.of(sql) == SqlFailure.UNAVAILABLE) {
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

    /** The wait Telegram asked for (429 {@code retry_after}) when that is what made the update fail. */
    static Optional<Duration> retryAfter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TelegramException.Retriable retriable) {
                return retriable.retryAfter();
            }
        }
        return Optional.empty();
    }
}
