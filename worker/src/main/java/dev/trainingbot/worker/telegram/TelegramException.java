package dev.trainingbot.worker.telegram;

import java.time.Duration;
import java.util.Optional;

/**
 * A Bot API call failed, sorted at the gateway into what a caller can do about it: {@link Retriable} (429, 5xx, I/O:
 * try again, after {@link Retriable#retryAfter()} when Telegram named a wait), {@link Permanent} (400 and the like,
 * or a request the client refuses to send: trying again cannot help) and {@link BlockedByUser} (403: the user blocked
 * the bot).
 */
public abstract sealed class TelegramException extends Exception {

    private final String method;

    TelegramException(String method, String message, Throwable cause) {
        super(method + ": " + message, cause);
        this.method = method;
    }

    public String method() {
        return method;
    }

    /** Telegram is unavailable, slow, or asks to wait; the same call may succeed later. */
    public static final class Retriable extends TelegramException {
        private final Optional<Duration> retryAfter;

        public Retriable(String method, String message, Optional<Duration> retryAfter, Throwable cause) {
            super(method, message, cause);
            this.retryAfter = retryAfter;
        }

        /** The wait Telegram asked for (429 {@code retry_after}), if it did. */
        public Optional<Duration> retryAfter() {
            return retryAfter;
        }
    }

    /** Telegram refused the call itself (a bad request); repeating it cannot succeed. */
    public static final class Permanent extends TelegramException {
        private final int errorCode;

        public Permanent(String method, int errorCode, String message, Throwable cause) {
            super(method, message, cause);
            this.errorCode = errorCode;
        }

        /** Telegram's error code (400, …), or 0 when the request was refused before it was sent. */
        public int errorCode() {
            return errorCode;
        }
    }

    /** 403: the user blocked the bot (or deleted their account); nothing can be sent to them. */
    public static final class BlockedByUser extends TelegramException {
        public BlockedByUser(String method, String message, Throwable cause) {
            super(method, message, cause);
        }
    }
}
