package dev.trainingbot.common.telegram;

import java.time.Duration;
import java.util.Optional;
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

    /** The wait Telegram asked for (429 {@code retry_after}), if it named one. */
    public Optional<Duration> retryAfter() {
        return retryAfterSeconds.isPresent()
                ? Optional.of(Duration.ofSeconds(retryAfterSeconds.getAsInt()))
                : Optional.empty();
    }

    /**
     * Whether the same call may succeed later: Telegram answered 429 (too many requests: wait {@link #retryAfter()})
     * or 5xx (unavailable). Anything else refuses the call itself — a wrong token (401), a URL Telegram does not
     * accept (400), another poller or a webhook in the way (409) — and repeating it cannot help.
     */
    public boolean retriable() {
        return errorCode == 429 || errorCode >= 500;
    }
}
