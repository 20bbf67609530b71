package dev.trainingbot.worker.telegram;

import dev.trainingbot.common.config.ConfigReader;
import java.time.Duration;

/**
 * How the gateway retries and when it stops calling Telegram.
 *
 * @param attempts {@code TELEGRAM_RETRY_ATTEMPTS} (default 5): tries of one call on I/O errors, 5xx and 429
 * @param backoff {@code TELEGRAM_RETRY_BACKOFF_MS} (default 200): first wait after an I/O error or 5xx, doubling with
 *     jitter up to 10 s; a 429 waits exactly the {@code retry_after} Telegram names
 * @param failureRate {@code TELEGRAM_BREAKER_FAILURE_RATE} (default 50): percent of failing calls among the last 50
 *     that opens the circuit — the worker then pauses consumption, leaving updates in Kafka
 * @param openFor {@code TELEGRAM_BREAKER_OPEN_SECONDS} (default 10): how long the circuit stays open before a few
 *     trial calls
 */
public record GatewaySettings(int attempts, Duration backoff, float failureRate, Duration openFor) {

    public static GatewaySettings read(ConfigReader config) {
        return new GatewaySettings(
                config.integer("TELEGRAM_RETRY_ATTEMPTS", 5, 1, 100),
                config.millis("TELEGRAM_RETRY_BACKOFF_MS", 200, 1, 60_000),
                config.integer("TELEGRAM_BREAKER_FAILURE_RATE", 50, 1, 100),
                config.seconds("TELEGRAM_BREAKER_OPEN_SECONDS", 10, 1, 3_600));
    }
}
