package dev.trainingbot.ingress;

import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.HttpSettings;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.config.Secret;
import dev.trainingbot.common.config.TelegramSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The ingress's configuration, validated as a whole.
 *
 * @param mode {@code INGRESS_MODE}: {@code webhook} or {@code polling}; by default {@code webhook} when
 *     {@code WEBHOOK_URL} is set and {@code polling} when it is not, so that a bot without a public URL still receives
 *     its updates
 * @param webhookUrl {@code WEBHOOK_URL}: when set, the ingress registers it with Telegram at start; webhook mode
 *     without it serves the webhook but registers nothing (see {@link #unregisteredWebhook()})
 * @param webhookSecret {@code WEBHOOK_SECRET} (required in webhook mode): Telegram sends it in
 *     {@code X-Telegram-Bot-Api-Secret-Token}; 1–256 of {@code A-Za-z0-9_-}
 * @param webhookPath the path the webhook is served on: {@code WEBHOOK_URL}'s path, else {@code /webhook}
 * @param webhookMaxConnections {@code WEBHOOK_MAX_CONNECTIONS} (default 40): how many deliveries Telegram runs at once
 * @param maxBodyBytes {@code INGRESS_MAX_BODY_BYTES} (default 262144): larger bodies are refused with 413
 * @param ackTimeout {@code INGRESS_ACK_TIMEOUT_MS} (default 5000): how long an update waits for Kafka before the
 *     webhook answers 503; too low turns a slow broker into retries, too high holds Telegram's connections
 * @param pollTimeout {@code POLLING_TIMEOUT_SECONDS} (default 30): the getUpdates long-poll
 * @param pollingDeleteWebhook {@code POLLING_DELETE_WEBHOOK} (default false): whether polling may delete a webhook it
 *     finds set at start; without it, polling refuses to start rather than take a bot off its webhook
 */
public record IngressConfig(
        String mode,
        KafkaSettings kafka,
        TelegramSettings telegram,
        HttpSettings http,
        Optional<URI> webhookUrl,
        Optional<Secret> webhookSecret,
        String webhookPath,
        int webhookMaxConnections,
        int maxBodyBytes,
        Duration ackTimeout,
        Duration pollTimeout,
        boolean pollingDeleteWebhook) {

    public static final String WEBHOOK = "webhook";
    public static final String POLLING = "polling";

    /**
     * Webhook mode without {@code WEBHOOK_URL}: the webhook is served, but Telegram delivers to it only if it was
     * registered some other way. The ingress says so at start.
     */
    public boolean unregisteredWebhook() {
        return mode.equals(WEBHOOK) && webhookUrl.isEmpty();
    }

    public static IngressConfig from(Env env) {
        ConfigReader config = new ConfigReader(env);
        Optional<URI> webhookUrl = config.httpUrl("WEBHOOK_URL");
        boolean urlGiven = env.get("WEBHOOK_URL").isPresent();
        String mode = config.oneOf("INGRESS_MODE", urlGiven ? WEBHOOK : POLLING, Set.of(WEBHOOK, POLLING));
        KafkaSettings kafka = KafkaSettings.read(config);
        TelegramSettings telegram = TelegramSettings.read(config);
        HttpSettings http = HttpSettings.read(config, 8080);
        Optional<Secret> secret = config.optionalSecret("WEBHOOK_SECRET");
        if (mode.equals(WEBHOOK)) {
            if (secret.isEmpty()) {
                config.missing(
                        "WEBHOOK_SECRET",
                        "webhook mode needs the secret Telegram sends with every update (1-256 of A-Z a-z 0-9 _ -)");
            } else if (!secret.get().reveal().matches("[A-Za-z0-9_-]{1,256}")) {
                config.invalid("WEBHOOK_SECRET", "[hidden]", "must be 1-256 characters of A-Z a-z 0-9 _ -");
            }
        }
        String path = webhookUrl
                .map(URI::getPath)
                .filter(p -> !p.isEmpty() && !p.equals("/"))
                .orElse("/webhook");
        int maxConnections = config.integer("WEBHOOK_MAX_CONNECTIONS", 40, 1, 100);
        int maxBody = config.integer("INGRESS_MAX_BODY_BYTES", 256 * 1024, 1024, 64 * 1024 * 1024);
        Duration ackTimeout = config.millis("INGRESS_ACK_TIMEOUT_MS", 5_000, 100, 120_000);
        Duration pollTimeout = config.seconds("POLLING_TIMEOUT_SECONDS", 30, 0, 600);
        boolean pollingDeleteWebhook = config.bool("POLLING_DELETE_WEBHOOK", false);
        config.validate();
        return new IngressConfig(
                mode,
                kafka,
                telegram,
                http,
                webhookUrl,
                secret,
                path,
                maxConnections,
                maxBody,
                ackTimeout,
                pollTimeout,
                pollingDeleteWebhook);
    }
}
