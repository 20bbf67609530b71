package dev.trainingbot.ingress.webhook;

import dev.trainingbot.common.config.Secret;
import dev.trainingbot.common.telegram.BotApiException;
import dev.trainingbot.ingress.StartRefusedException;
import dev.trainingbot.ingress.StartupCalls;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@code WEBHOOK_URL} with Telegram at start, with the secret token and connection limit, keeping the
 * updates Telegram already holds. A transient failure is retried ({@link StartupCalls}); a refusal (a wrong token, an
 * URL Telegram does not accept), or Telegram unreachable through every attempt, stops the start with Telegram's own
 * description.
 */
public final class WebhookRegistration {

    private static final Logger log = LoggerFactory.getLogger(WebhookRegistration.class);

    private final StartupCalls telegram;

    public WebhookRegistration(StartupCalls telegram) {
        this.telegram = telegram;
    }

    public void register(URI url, Secret secret, int maxConnections) throws InterruptedException {
        Map<String, Object> parameters =
                Map.of("url", url.toString(), "secret_token", secret.reveal(), "max_connections", maxConnections);
        try {
            telegram.call("setWebhook", parameters);
            log.info("webhook registered at {} (max_connections={})", url, maxConnections);
        } catch (BotApiException e) {
            throw new StartRefusedException(
                    e.retriable()
                            ? "cannot register the webhook " + url + ": " + e.errorCode() + " " + e.description()
                            : "Telegram refused the webhook " + url + ": " + e.errorCode() + " " + e.description()
                                    + (e.errorCode() == 401 ? " (check BOT_TOKEN)" : ""));
        } catch (IOException e) {
            throw new StartRefusedException("cannot register the webhook " + url + ": " + e);
        }
    }
}
