package dev.trainingbot.ingress.polling;

import dev.trainingbot.common.retry.Backoff;
import dev.trainingbot.common.telegram.BotApiException;
import dev.trainingbot.common.telegram.RawBotApi;
import dev.trainingbot.ingress.InspectedUpdate;
import dev.trainingbot.ingress.MalformedUpdateException;
import dev.trainingbot.ingress.UnroutableUpdateException;
import dev.trainingbot.ingress.UpdateInspector;
import dev.trainingbot.ingress.UpdatePublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-polling ingress: {@code getUpdates} in a loop, each batch put on Kafka, and the offset moved past a batch
 * only after Kafka acknowledged every update of it. A batch Kafka does not take is fetched again (Telegram keeps
 * unconfirmed updates), so nothing is lost; an update Kafka took twice is dropped by the worker's dedupe.
 *
 * <p>An update the fleet cannot route (no chat, no user: a {@code poll}, an anonymous {@code poll_answer}) is
 * confirmed and skipped, counted as {@code outcome="unroutable"}, as the webhook does.
 *
 * <p>Only one poller may run per bot: Telegram answers a second one, or polling while a webhook is set, with 409. The
 * poller then logs why at ERROR, reports not ready, and keeps trying with the fleet's {@link Backoff} (250 ms up to
 * {@value #MAX_BACKOFF_SECONDS} s, or Telegram's {@code retry_after}), since the other side may stop. It never removes
 * a webhook itself ({@link WebhookTakeover} decides that, once, at start).
 */
public final class UpdatePoller implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(UpdatePoller.class);
    private static final long MAX_BACKOFF_SECONDS = 30;
    private static final Backoff BACKOFF =
            Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(MAX_BACKOFF_SECONDS));

    private final RawBotApi api;
    private final UpdateInspector inspector;
    private final UpdatePublisher publisher;
    private final Duration pollTimeout;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final Counter accepted;
    private final Counter malformed;
    private final Counter unroutable;
    private volatile long offset;

    public UpdatePoller(
            RawBotApi api,
            UpdateInspector inspector,
            UpdatePublisher publisher,
            Duration pollTimeout,
            MeterRegistry metrics) {
        this.api = api;
        this.inspector = inspector;
        this.publisher = publisher;
        this.pollTimeout = pollTimeout;
        this.accepted = counter(metrics, "accepted");
        this.malformed = counter(metrics, "malformed");
        this.unroutable = counter(metrics, "unroutable");
    }

    private static Counter counter(MeterRegistry metrics, String outcome) {
        return Counter.builder("ingress.updates")
                .description("Polled updates by outcome")
                .tag("mode", "polling")
                .tag("outcome", outcome)
                .register(metrics);
    }

    /** Whether the last poll worked; false while another poller or a webhook holds the bot, or Kafka refuses. */
    public boolean healthy() {
        return healthy.get();
    }

    /** Ends the loop after the batch in hand is on Kafka (or abandoned unconfirmed). */
    public void stop() {
        running.set(false);
    }

    @Override
    public void run() {
        log.info("polling Telegram for updates (timeout {} s)", pollTimeout.toSeconds());
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("polling stopped at offset {}", offset);
    }

    private void loop() throws InterruptedException {
        int failures = 0;
        while (running.get()) {
            try {
                pollOnce();
                healthy.set(true);
                failures = 0;
            } catch (BotApiException e) {
                healthy.set(false);
                failures++;
                if (e.errorCode() == 409) {
                    log.error(
                            "getUpdates refused with 409 Conflict: {}. Only one ingress may poll a bot, and not while"
                                    + " a webhook is set; stop the other poller, or use INGRESS_MODE=webhook",
                            e.description());
                } else if (e.errorCode() == 401 || e.errorCode() == 404) {
                    log.error("getUpdates refused with {} {}: check BOT_TOKEN", e.errorCode(), e.description());
                } else {
                    log.warn("getUpdates failed: {}", e.getMessage());
                }
                sleep(BACKOFF.delay(failures, e.retryAfter()));
            } catch (IOException | UpdatePublisher.UnavailableException e) {
                healthy.set(false);
                failures++;
                log.warn("polling paused, the batch will be fetched again: {}", e.getMessage());
                sleep(BACKOFF.delay(failures));
            }
        }
    }

    /** Waits {@code wait}, less if stopped. */
    private void sleep(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (running.get() && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    private void pollOnce()
            throws IOException, InterruptedException, BotApiException, UpdatePublisher.UnavailableException {
        Map<String, Object> parameters = Map.of("offset", offset, "timeout", pollTimeout.toSeconds());
        byte[] answer = api.callRaw("getUpdates", parameters, pollTimeout.plusSeconds(10));
        List<byte[]> raws = UpdateBatch.split(answer);
        if (raws.isEmpty()) {
            return;
        }
        List<InspectedUpdate> updates = new ArrayList<>(raws.size());
        List<byte[]> routable = new ArrayList<>(raws.size());
        long next = offset;
        for (byte[] raw : raws) {
            try {
                InspectedUpdate update = inspector.inspect(raw);
                updates.add(update);
                routable.add(raw);
                next = Math.max(next, update.updateId() + 1);
            } catch (UnroutableUpdateException e) {
                unroutable.increment();
                log.warn("skipping an update the fleet cannot route: {}", e.getMessage());
                next = Math.max(next, e.updateId() + 1);
            } catch (MalformedUpdateException e) {
                // Telegram itself sent it; refusing cannot make it send a better one. Skip it, loudly.
                malformed.increment();
                log.warn("skipping an update that is not one: {}", e.getMessage());
                next = Math.max(next, UpdateIds.idOf(raw).orElse(next - 1) + 1);
            }
        }
        publisher.publishAll(updates, routable);
        accepted.increment(updates.size());
        offset = next;
    }
}
