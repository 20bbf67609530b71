package dev.trainingbot.worker.telegram;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;

/**
 * The one sort of the client's failures into {@link TelegramException}'s kinds: 429 (carrying its {@code retry_after}),
 * 5xx, 401 and I/O are retriable; 403 is blocked-by-user; 400, and a request the client's own validation refuses, are
 * permanent.
 */
final class BotApiFailures {

    private BotApiFailures() {}

    static TelegramException sort(String method, TelegramApiException e) {
        if (e instanceof TelegramApiRequestException request
                && request.getErrorCode() != null
                && request.getErrorCode() > 0) {
            int code = request.getErrorCode();
            String description = code + " " + request.getApiResponse();
            if (code == 429) {
                Integer seconds = request.getParameters() == null
                        ? null
                        : request.getParameters().getRetryAfter();
                return new TelegramException.Retriable(
                        method, description, Optional.of(Duration.ofSeconds(seconds == null ? 1 : seconds)), e);
            }
            // 401: the token was revoked or replaced. Every call fails alike until an operator fixes BOT_TOKEN, none
            // by the update's fault: retried (the circuit opens and consumption pauses), never dead-lettered.
            if (code >= 500 || code == 401) {
                return new TelegramException.Retriable(method, description, Optional.empty(), e);
            }
            if (code == 403) {
                return new TelegramException.BlockedByUser(method, description, e);
            }
            return new TelegramException.Permanent(method, code, description, e);
        }
        TelegramApiValidationException invalid = find(e, TelegramApiValidationException.class);
        if (invalid != null) {
            // The client checked the request before sending it (an empty text, say): it would refuse it every time.
            return new TelegramException.Permanent(method, 0, "invalid request: " + invalid.getMessage(), e);
        }
        if (find(e, InterruptedException.class) != null) {
            // The client's wait for the answer swallowed the interrupt; the caller must still see it.
            Thread.currentThread().interrupt();
            return new TelegramException.Retriable(method, "interrupted", Optional.empty(), e);
        }
        // No Bot API answer: the connection failed, timed out, or something else answered (a proxy's 502 page).
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String reason = cause instanceof IOException ? cause.toString() : e.getMessage();
        return new TelegramException.Retriable(method, reason, Optional.empty(), e);
    }

    private static <E extends Throwable> E find(Throwable failure, Class<E> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
