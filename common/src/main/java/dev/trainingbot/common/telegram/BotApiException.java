package dev.trainingbot.common.telegram;

import java.util.OptionalInt;

/**
 * The Bot API answered {@code {"ok":false}}: {@code error_code} (the HTTP status), {@code description}, and for 429
 * the {@code retry_after} seconds Telegram asks to wait.
 */
public final class BotApiException extends Exception {

    private final String method;
    private final int errorCode;
    private final String description;
    private final OptionalInt retryAfterSeconds;

    public BotApiException(String method, int errorCode, String description, OptionalInt retryAfterSeconds) {
        super(method + " failed: " + errorCode + " " + description);
        this.method = method;
        this.errorCode = errorCode;
        this.description = description;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String method() {
        return method;
    }

    public int errorCode() {
        return errorCode;
    }

    public String description() {
        return description;
    }

    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
