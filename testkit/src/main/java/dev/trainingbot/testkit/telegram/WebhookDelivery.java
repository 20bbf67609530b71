package dev.trainingbot.testkit.telegram;

/**
 * One attempt of the emulator to deliver an update to the webhook: when the POST started and ended
 * ({@link System#nanoTime()}) and the HTTP status it got, 0 when none (connection refused, reset, timed out). A
 * non-2xx attempt is followed by another, as Telegram retries.
 */
public record WebhookDelivery(long updateId, long chatId, long startNanos, long endNanos, int status) {

    public boolean accepted() {
        return status / 100 == 2;
    }
}
