package dev.trainingbot.ingress;

import com.sun.net.httpserver.HttpHandler;
import dev.trainingbot.common.http.HttpEndpoints;
import dev.trainingbot.common.http.Probe;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.kafka.KafkaProbe;
import dev.trainingbot.common.telegram.RawBotApi;
import dev.trainingbot.ingress.polling.UpdatePoller;
import dev.trainingbot.ingress.polling.WebhookTakeover;
import dev.trainingbot.ingress.webhook.WebhookHandler;
import dev.trainingbot.ingress.webhook.WebhookRegistration;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ingress: the producer, the HTTP endpoints (with the webhook in webhook mode) and, in polling mode, the
 * poller's thread. {@link #close()} stops taking updates, lets those in hand reach Kafka, and closes.
 */
public final class Ingress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Ingress.class);

    private final IngressConfig config;
    private final Producer<byte[], byte[]> producer;
    private final Admin admin;
    private final HttpEndpoints endpoints;
    private final UpdatePoller poller;
    private final Thread pollerThread;

    private Ingress(
            IngressConfig config,
            Producer<byte[], byte[]> producer,
            Admin admin,
            HttpEndpoints endpoints,
            UpdatePoller poller,
            Thread pollerThread) {
        this.config = config;
        this.producer = producer;
        this.admin = admin;
        this.endpoints = endpoints;
        this.poller = poller;
        this.pollerThread = pollerThread;
    }

    /**
     * Starts the ingress.
     *
     * @throws StartRefusedException when it must not run as configured: polling while a webhook is set (unless
     *     {@code POLLING_DELETE_WEBHOOK=true}), or a webhook Telegram does not take
     */
    public static Ingress start(IngressConfig config, PrometheusMeterRegistry metrics)
            throws IOException, InterruptedException {
        return start(config, metrics, Clock.systemUTC());
    }

    /**
     * As {@link #start(IngressConfig, PrometheusMeterRegistry)}, stamping {@code received-at} from {@code clock} — the
     * clock the workers' throttle counts on; tests move it instead of waiting.
     */
    public static Ingress start(IngressConfig config, PrometheusMeterRegistry metrics, InstantSource clock)
            throws IOException, InterruptedException {
        RawBotApi api = new RawBotApi(
                config.telegram(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                Json.mapper());
        StartupCalls telegram = new StartupCalls(api);
        boolean pollingMode = config.mode().equals(IngressConfig.POLLING);
        if (pollingMode) {
            // Before anything else starts: a refusal leaves nothing to close.
            new WebhookTakeover(telegram).claim(config.pollingDeleteWebhook());
        }
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KafkaClients.producer(config.kafka(), "ingress", config.ackTimeout()));
        new KafkaClientMetrics(producer).bindTo(metrics);
        Admin admin = Admin.create(KafkaClients.admin(config.kafka(), "ingress-admin"));
        UpdatePublisher publisher =
                new UpdatePublisher(producer, config.kafka().topics().updates(), config.ackTimeout(), clock);
        UpdateInspector inspector = new UpdateInspector();

        List<Probe.Check> checks = new ArrayList<>();
        checks.add(new KafkaProbe(admin, List.of(config.kafka().topics().updates())));
        UpdatePoller poller = null;
        Map<String, HttpHandler> routes = Map.of();
        if (!pollingMode) {
            routes = Map.of(
                    config.webhookPath(),
                    new WebhookHandler(
                            config.webhookSecret().orElseThrow(),
                            config.maxBodyBytes(),
                            inspector,
                            publisher,
                            metrics));
        } else {
            UpdatePoller polling = new UpdatePoller(api, inspector, publisher, config.pollTimeout(), metrics);
            checks.add(() -> polling.healthy()
                    ? Probe.ok("Telegram", "polling")
                    : Probe.failed("Telegram", "getUpdates failing (see the log)"));
            poller = polling;
        }
        HttpEndpoints endpoints;
        try {
            endpoints = HttpEndpoints.start(config.http(), metrics, () -> true, checks, routes);
        } catch (IOException e) {
            producer.close(Duration.ZERO);
            admin.close(Duration.ZERO);
            throw e;
        }

        Thread pollerThread = null;
        if (poller != null) {
            pollerThread = Thread.ofPlatform().name("update-poller").start(poller);
        } else if (config.webhookUrl().isPresent()) {
            try {
                new WebhookRegistration(telegram)
                        .register(
                                config.webhookUrl().get(),
                                config.webhookSecret().orElseThrow(),
                                config.webhookMaxConnections());
            } catch (StartRefusedException | InterruptedException e) {
                endpoints.close();
                producer.close(Duration.ZERO);
                admin.close(Duration.ZERO);
                throw e;
            }
        }
        log.info(
                "ingress started in {} mode, producing to {}{}",
                config.mode(),
                config.kafka().topics().updates(),
                poller == null ? " (webhook on " + config.webhookPath() + ", port " + endpoints.port() + ")" : "");
        if (config.unregisteredWebhook()) {
            log.warn("INGRESS_MODE=webhook without WEBHOOK_URL: nothing is registered with Telegram, which delivers no"
                    + " update here unless the webhook was set some other way. Set WEBHOOK_URL to the public https URL"
                    + " (registered at start), or INGRESS_MODE=polling to fetch updates without one");
        }
        return new Ingress(config, producer, admin, endpoints, poller, pollerThread);
    }

    /** The HTTP port (useful when {@code HTTP_PORT=0}). */
    public int port() {
        return endpoints.port();
    }

    public IngressConfig config() {
        return config;
    }

    @Override
    public void close() {
        endpoints.drain();
        if (poller != null) {
            poller.stop();
            pollerThread.interrupt();
            try {
                pollerThread.join(config.ackTimeout().toMillis() + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Webhook requests in flight are waiting for Kafka; give them their timeout before the server stops.
        endpoints.close(config.ackTimeout().plusSeconds(1));
        producer.close(config.ackTimeout());
        admin.close(Duration.ofSeconds(2));
        log.info("ingress stopped");
    }
}
