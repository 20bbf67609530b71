package dev.trainingbot.ingress.polling;

import dev.trainingbot.common.telegram.BotApiException;
import dev.trainingbot.ingress.StartRefusedException;
import dev.trainingbot.ingress.StartupCalls;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, once at start, whether a polling ingress may take the bot's updates. Telegram answers {@code getUpdates}
 * with 409 while a webhook is set, and deleting the webhook takes a bot that runs on it — production, most likely —
 * off it. So it asks {@code getWebhookInfo}:
 *
 * <ul>
 *   <li>no webhook → the poller may start;
 *   <li>a webhook, and {@code POLLING_DELETE_WEBHOOK=true} → it is deleted (the updates Telegram holds are kept), then
 *       the poller starts;
 *   <li>a webhook otherwise → the start is refused, naming both ways out.
 * </ul>
 *
 * When Telegram cannot be asked (unreachable, or 5xx/429 through every attempt), nothing is deleted and the poller
 * starts: if a webhook is set, its {@code getUpdates} meets 409, which it reports (ERROR log, {@code /readyz}).
 */
public final class WebhookTakeover {

    private static final Logger log = LoggerFactory.getLogger(WebhookTakeover.class);

    private final StartupCalls telegram;

    public WebhookTakeover(StartupCalls telegram) {
        this.telegram = telegram;
    }

    /**
     * @param deleteWebhook {@code POLLING_DELETE_WEBHOOK}: whether a webhook found may be deleted
     * @throws StartRefusedException when a webhook is set and may not be deleted, or Telegram refuses the calls
     */
    public void claim(boolean deleteWebhook) throws InterruptedException {
        String url;
        try {
            url = telegram.call("getWebhookInfo", Map.of()).path("url").asText("");
        } catch (BotApiException e) {
            if (!e.retriable()) {
                throw new StartRefusedException("getWebhookInfo refused with " + e.errorCode() + " " + e.description()
                        + (e.errorCode() == 401 || e.errorCode() == 404 ? ": check BOT_TOKEN" : ""));
            }
            log.warn("cannot tell whether a webhook is set ({}); polling without deleting any", e.getMessage());
            return;
        } catch (IOException e) {
            log.warn("cannot tell whether a webhook is set ({}); polling without deleting any", e.toString());
            return;
        }
        if (url.isEmpty()) {
            return;
        }
        if (!deleteWebhook) {
            throw new StartRefusedException(
                    "INGRESS_MODE=polling, but Telegram delivers this bot's updates to a webhook"
                            + " at " + origin(url) + " and polling would take the bot off it: run this ingress with"
                            + " INGRESS_MODE=webhook, or set POLLING_DELETE_WEBHOOK=true to delete the webhook and poll");
        }
        try {
            telegram.call("deleteWebhook", Map.of("drop_pending_updates", false));
        } catch (BotApiException | IOException e) {
            throw new StartRefusedException("cannot delete the webhook at " + origin(url) + ": " + e.getMessage());
        }
        log.warn(
                "deleted the webhook at {} (POLLING_DELETE_WEBHOOK=true); Telegram's pending updates are kept for"
                        + " polling",
                origin(url));
    }

    /** {@code https://host}: where the webhook points, without a path that may carry a secret. */
    private static String origin(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getAuthority();
        } catch (IllegalArgumentException e) {
            return "(an unreadable URL)";
        }
    }
}
