package dev.trainingbot.ingress.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.trainingbot.common.config.Secret;
import dev.trainingbot.common.http.HttpEndpoints;
import dev.trainingbot.ingress.InspectedUpdate;
import dev.trainingbot.ingress.MalformedUpdateException;
import dev.trainingbot.ingress.UnroutableUpdateException;
import dev.trainingbot.ingress.UpdateInspector;
import dev.trainingbot.ingress.UpdatePublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telegram's webhook POSTs. In order, and producing nothing for a refused request:
 *
 * <ol>
 *   <li>not POST → 405;
 *   <li>{@code X-Telegram-Bot-Api-Secret-Token} missing or wrong (compared in constant time) → 401;
 *   <li>body larger than {@code INGRESS_MAX_BODY_BYTES} → 413 (read no further than the limit);
 *   <li>not an update (not JSON, no {@code update_id}) → 400;
 *   <li>an update the fleet cannot route — no chat and no user: a {@code poll}, an anonymous {@code poll_answer} — →
 *       200, produced nothing, counted as {@code outcome="unroutable"}: refusing it would only make Telegram send it
 *       again and hold back the updates behind it, as polling skips it too;
 *   <li>Kafka acknowledged the record → 200; Kafka did not within {@code INGRESS_ACK_TIMEOUT_MS} → 503, and Telegram
 *       delivers the update again later.
 * </ol>
 */
public final class WebhookHandler implements HttpHandler {

    public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

    /** Outcomes of a webhook request, the {@code outcome} tag of {@code ingress.updates}. */
    enum Outcome {
        ACCEPTED(200),
        METHOD_NOT_ALLOWED(405),
        UNAUTHORIZED(401),
        TOO_LARGE(413),
        MALFORMED(400),
        UNROUTABLE(200),
        UNAVAILABLE(503);

        final int status;

        Outcome(int status) {
            this.status = status;
        }
    }

    private final Secret secret;
    private final int maxBodyBytes;
    private final UpdateInspector inspector;
    private final UpdatePublisher publisher;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Timer ackLatency;

    public WebhookHandler(
            Secret secret,
            int maxBodyBytes,
            UpdateInspector inspector,
            UpdatePublisher publisher,
            MeterRegistry metrics) {
        this.secret = secret;
        this.maxBodyBytes = maxBodyBytes;
        this.inspector = inspector;
        this.publisher = publisher;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(
                    outcome,
                    Counter.builder("ingress.updates")
                            .description("Webhook requests by outcome")
                            .tag("mode", "webhook")
                            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                            .register(metrics));
        }
        this.ackLatency = Timer.builder("ingress.ack")
                .description("Time from a webhook request's arrival to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(metrics);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        try (exchange) {
            Outcome outcome = process(exchange);
            outcomes.get(outcome).increment();
            if (outcome == Outcome.ACCEPTED) {
                ackLatency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }

    private Outcome process(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return answer(exchange, Outcome.METHOD_NOT_ALLOWED, "only POST\n");
        }
        if (!secret.matches(exchange.getRequestHeaders().getFirst(SECRET_HEADER))) {
            log.warn("webhook request from {} refused: missing or wrong secret token", exchange.getRemoteAddress());
            return answer(exchange, Outcome.UNAUTHORIZED, "unauthorized\n");
        }
        byte[] body = readBody(exchange);
        if (body == null) {
            return answer(exchange, Outcome.TOO_LARGE, "body larger than " + maxBodyBytes + " bytes\n");
        }
        InspectedUpdate update;
        try {
            update = inspector.inspect(body);
        } catch (MalformedUpdateException e) {
            log.warn("webhook request refused: {}", e.getMessage());
            return answer(exchange, Outcome.MALFORMED, e.getMessage() + "\n");
        } catch (UnroutableUpdateException e) {
            log.warn("skipping an update the fleet cannot route: {}", e.getMessage());
            return answer(exchange, Outcome.UNROUTABLE, "");
        }
        try {
            publisher.publish(update, body);
        } catch (UpdatePublisher.UnavailableException e) {
            log.warn(
                    "update {} of chat {} not accepted, Telegram will retry: {}",
                    update.updateId(),
                    update.key(),
                    e.getMessage());
            return answer(exchange, Outcome.UNAVAILABLE, "try again later\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer(exchange, Outcome.UNAVAILABLE, "shutting down\n");
        }
        return answer(exchange, Outcome.ACCEPTED, "");
    }

    /** The body, or null when it is larger than the limit. */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > maxBodyBytes) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // A bogus length is the body reader's problem; the limit below still holds.
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            return body.length > maxBodyBytes ? null : body;
        }
    }

    private static Outcome answer(HttpExchange exchange, Outcome outcome, String body) throws IOException {
        HttpEndpoints.respond(exchange, outcome.status, "text/plain; charset=utf-8", body);
        return outcome;
    }
}
