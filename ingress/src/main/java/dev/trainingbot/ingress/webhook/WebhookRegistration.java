package dev.trainingbot.ingress.webhook;

import dev.trainingbot.common.config.Secret;
import dev.trainingbot.common.telegram.BotApiException;
import dev.trainingbot.common.telegram.RawBotApi;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@code WEBHOOK_URL} with Telegram at start, with the secret token and connection limit, keeping the
 * updates Telegram already holds. A transient failure is retried a few times; a refusal (a wrong token, an URL
 * Telegram does not accept) stops the start with Telegram's own description.
 */
public final class WebhookRegistration {

    private static final Logger log = LoggerFactory.getLogger(WebhookRegistration.class);
    private static final int ATTEMPTS = 5;

    private final RawBotApi api;

    public WebhookRegistration(RawBotApi api) {
        this.api = api;
    }

    public void register(URI url, Secret secret, int maxConnections) throws InterruptedException {
        Map<String, Object> parameters =
                Map.of("url", url.toString(), "secret_token", secret.reveal(), "max_connections", maxConnections);
        Duration backoff = Duration.ofMillis(500);
        for (int attempt = 1; ; attempt++) {
            try {
                api.call("setWebhook", parameters, Duration.ofSeconds(10));
                log.info("webhook registered at {} (max_connections={})", url, maxConnections);
                return;
            } catch (BotApiException e) {
                if (e.errorCode() < 500 && e.errorCode() != 429) {
                    throw new IllegalStateException("Telegram refused the webhook " + url + ": " + e.errorCode() + " "
                            + e.description() + (e.errorCode() == 401 ? " (check BOT_TOKEN)" : ""));
                }
                backoff = retry(attempt, url, e.getMessage(), backoff);
            } catch (IOException e) {
                backoff = retry(attempt, url, e.toString(), backoff);
            }
        }
    }

    private static Duration retry(int attempt, URI url, String reason, Duration backoff) throws InterruptedException {
        if (attempt >= ATTEMPTS) {
            throw new IllegalStateException(
                    "cannot register the webhook " + url + " after " + attempt + " attempts: " + reason);
        }
        log.warn("cannot register the webhook yet (attempt {}/{}): {}", attempt, ATTEMPTS, reason);
        Thread.sleep(backoff);
        return backoff.multipliedBy(2);
    }
}
