package dev.trainingbot.worker.broadcast;

import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.consume.RecordHandler;
import dev.trainingbot.worker.consume.RetryPolicy;
import dev.trainingbot.worker.pipeline.InboundRecord;
import dev.trainingbot.worker.telegram.FloodLane;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

/**
 * Delivers {@code tg.outbox} records: sends each through the gateway (so under the shared flood limits, in their bulk
 * lane behind replies, with its retries), and records what it came to — delivered; blocked, when the user blocked the bot (the user is marked and
 * skipped by later broadcasts); failed, when Telegram refused the message — counted once per chat, audited as
 * {@code broadcast.delivery}. A chat counted before (a redelivered record) is not sent to again. Reminders go to the
 * {@link Delivery} of reminders, which keeps their record in PostgreSQL. While Telegram, Redis or PostgreSQL is
 * unavailable the record is retried, holding its place.
 */
public final class OutboxSender implements RecordHandler {

    /** Delivers the outbox records of one kind of traffic other than broadcasts, once per record's subject. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(OutboxMessage message) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final Broadcasts broadcasts;
    private final Delivery reminders;
    private final TelegramGateway telegram;
    private final AuditPublisher audit;
    private final RetryPolicy retry;
    private final InstantSource clock;
    private final MeterRegistry metrics;

    public OutboxSender(
            Broadcasts broadcasts,
            Delivery reminders,
            TelegramGateway telegram,
            AuditPublisher audit,
            RetryPolicy retry,
            InstantSource clock,
            MeterRegistry metrics) {
        this.broadcasts = broadcasts;
        this.reminders = reminders;
        this.telegram = telegram;
        this.audit = audit;
        this.retry = retry;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void process(InboundRecord record, Iterable<Header> headers, Progress progress) {
        OutboxMessage message;
        try {
            message = broadcasts.read(record.value());
        } catch (Exception e) {
            log.warn("outbox record at {} is not an outbox message, skipped: {}", record.position(), e.toString());
            progress.done();
            return;
        }
        for (int failures = 1; !progress.revoked(); failures++) {
            try {
                if (message.reminder() != null) {
                    reminders.deliver(message);
                } else {
                    deliver(message);
                }
                progress.done();
                return;
            } catch (Exception e) {
                Duration wait = retry.backoff(failures, e);
                log.warn(
                        "{} {} to chat {} not delivered yet, retrying in {} ms: {}",
                        message.traffic(),
                        message.reminder() != null ? message.reminder() : message.broadcast(),
                        message.chatId(),
                        wait.toMillis(),
                        e.toString());
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    // Only the consumer's interrupt of a revoked partition means give up; any other would leave the
                    // record undone on a partition still owned, holding back its commit for good.
                    if (progress.revoked()) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private void deliver(OutboxMessage message) throws Exception {
        if (broadcasts.counted(message.broadcast(), message.chatId())) {
            return;
        }
        String outcome;
        try {
            telegram.send(
                    SendMessage.builder()
                            .chatId(message.chatId())
                            .text(message.text())
                            .parseMode(message.parseMode())
                            .build(),
                    FloodLane.BULK);
            outcome = "delivered";
        } catch (TelegramException.BlockedByUser e) {
            broadcasts.markBlocked(message.chatId());
            outcome = "blocked";
        } catch (TelegramException.Permanent e) {
            log.warn(
                    "broadcast {} to chat {} refused by Telegram: {}",
                    message.broadcast(),
                    message.chatId(),
                    e.getMessage());
            outcome = "failed";
        }
        Counter.builder("broadcast.deliveries")
                .description("Broadcast messages by outcome")
                .tag("outcome", outcome)
                .register(metrics)
                .increment();
        audit.publish(new AuditEvent(
                        AuditEvent.idFor("broadcast.delivery", message.broadcast() + ":" + message.chatId()),
                        clock.instant(),
                        "broadcast.delivery",
                        null,
                        message.chatId(),
                        null,
                        outcome.equals("delivered") ? AuditOutcome.SUCCEEDED : AuditOutcome.FAILED,
                        0,
                        Map.of("broadcast", message.broadcast(), "result", outcome)))
                .get();
        broadcasts.count(message.broadcast(), message.chatId(), outcome);
    }
}
