package dev.trainingbot.worker.consume;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.trainingbot.worker.audit.AuditMiddleware;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.InboundRecord;
import dev.trainingbot.worker.pipeline.Pipeline;
import dev.trainingbot.worker.pipeline.UpdateContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Handles one record on its chat's thread until it is done: parses the update, runs the {@link Pipeline}, retries
 * failures as {@link RetryPolicy} and {@link Failures} say, dead-letters what keeps failing, and waits for every
 * acknowledgement the update needs before marking it done — first its audit event, then its dedupe mark, which is
 * sent only once the event is safe — re-sending what was not acknowledged. A record of a revoked partition is
 * abandoned at the next step: not marked done, so never committed, so handled again by the worker that took the
 * partition over.
 *
 * <p>An interrupt means "give up" only when the partition was revoked (the consumer interrupts the records it
 * abandons); on a partition this worker still owns, the interrupt is cleared and the record carried on, since a
 * record given up there would hold back its partition's commit for good.
 */
final class RecordProcessor implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(RecordProcessor.class);
    private static final Duration REVOKE_CHECK = Duration.ofMillis(50);

    private final ObjectReader updates;
    private final Pipeline pipeline;
    private final Messages messages;
    private final DeadLetterPublisher deadLetters;
    private final AuditPublisher audit;
    private final RetryPolicy retry;
    private final InstantSource clock;
    private final Counter retries;
    private final Counter deadLettered;

    RecordProcessor(
            ObjectReader updates,
            Pipeline pipeline,
            Messages messages,
            DeadLetterPublisher deadLetters,
            AuditPublisher audit,
            RetryPolicy retry,
            InstantSource clock,
            MeterRegistry metrics) {
        this.updates = updates;
        this.pipeline = pipeline;
        this.messages = messages;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.retry = retry;
        this.clock = clock;
        this.retries = Counter.builder("worker.retries")
                .description("Updates handled again after a failure")
                .register(metrics);
        this.deadLettered = Counter.builder("worker.dead_letters")
                .description("Updates put on the dead-letter topic")
                .register(metrics);
    }

    @Override
    public void process(InboundRecord record, Iterable<Header> headers, Progress progress) {
        if (progress.revoked()) {
            return;
        }
        MDC.put("chat_id", record.key().toString());
        try {
            Update update;
            try {
                update = updates.readValue(record.value());
            } catch (Exception e) {
                // Bytes that are not an update will never become one: no retries.
                deadLetter(record, headers, progress, e, 1, null, null, false);
                return;
            }
            handle(record, headers, progress, update);
        } finally {
            MDC.remove("chat_id");
        }
    }

    private void handle(InboundRecord record, Iterable<Header> headers, Progress progress, Update update) {
        int attempts = 0;
        int failures = 0;
        // Once an attempt found the update to carry a secret, every later one's dead letter hides it too.
        boolean secret = false;
        while (!progress.revoked()) {
            UpdateContext context = new UpdateContext(record, update, System.nanoTime());
            context.locale(messages.localeFor(
                    context.user() == null ? null : context.user().getLanguageCode()));
            try {
                attempts++;
                pipeline.handle(context);
                for (UpdateContext.Acknowledgement ack : context.pending()) {
                    if (!acknowledged(ack.what(), ack.first(), ack.send(), record, progress)) {
                        return;
                    }
                }
                for (UpdateContext.Acknowledgement ack : context.afterwards()) {
                    if (!acknowledged(ack.what(), null, ack.send(), record, progress)) {
                        return;
                    }
                }
                progress.done();
                return;
            } catch (Exception e) {
                failures++;
                secret |= context.carriesSecret();
                Failures.Kind kind = Failures.classify(e);
                if (kind == Failures.Kind.POISON && attempts >= retry.maxAttempts()) {
                    deadLetter(record, headers, progress, e, attempts, update, context.userId(), secret);
                    return;
                }
                if (kind == Failures.Kind.TRANSIENT) {
                    // An outage is not this update's fault: it does not use up its attempts.
                    attempts--;
                }
                retries.increment();
                Duration wait = retry.backoff(failures, e);
                log.warn(
                        "update {} at {} failed ({} {}/{}), retrying in {} ms: {}",
                        update.getUpdateId(),
                        record.position(),
                        kind == Failures.Kind.TRANSIENT ? "transient, attempt" : "attempt",
                        attempts,
                        retry.maxAttempts(),
                        wait.toMillis(),
                        e.toString());
                if (!sleep(wait, progress)) {
                    return;
                }
            }
        }
    }

    private void deadLetter(
            InboundRecord record,
            Iterable<Header> headers,
            Progress progress,
            Throwable error,
            int attempts,
            Update update,
            Long userId,
            boolean secret) {
        log.warn(
                "update at {} goes to the dead-letter topic after {} attempts: {}",
                record.position(),
                attempts,
                error.toString(),
                error);
        if (!acknowledged(
                "dead letter",
                null,
                () -> deadLetters.publish(record, headers, error, attempts, secret),
                record,
                progress)) {
            return;
        }
        deadLettered.increment();
        if (update != null) {
            var event = AuditMiddleware.deadLettered(
                    update.getUpdateId(),
                    userId,
                    record.key().id(),
                    clock,
                    error.getClass().getName(),
                    attempts);
            if (!acknowledged("audit event", null, () -> audit.publish(event), record, progress)) {
                return;
            }
        }
        progress.done();
    }

    /**
     * Waits for {@code first} (or, when null, a first {@code send}) and re-sends until acknowledged; false when the
     * partition was revoked meanwhile.
     */
    private boolean acknowledged(
            String what,
            CompletableFuture<?> first,
            Supplier<CompletableFuture<?>> send,
            InboundRecord record,
            Progress progress) {
        CompletableFuture<?> pending = first == null ? send.get() : first;
        int failures = 0;
        while (true) {
            try {
                pending.get();
                return true;
            } catch (InterruptedException e) {
                if (giveUp(progress)) {
                    return false;
                }
            } catch (ExecutionException e) {
                failures++;
                Duration wait = retry.backoff(failures);
                log.warn(
                        "{} of {} not acknowledged, sending again in {} ms: {}",
                        what,
                        record.position(),
                        wait.toMillis(),
                        e.getCause().toString());
                if (!sleep(wait, progress)) {
                    return false;
                }
                pending = send.get();
            }
        }
    }

    /** Sleeps, waking early to give up when the partition is revoked; false when it was. */
    private static boolean sleep(Duration wait, Progress progress) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!progress.revoked()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, REVOKE_CHECK.toNanos())));
            } catch (InterruptedException e) {
                if (giveUp(progress)) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * After an interrupt: true, the interrupt kept, when the partition was revoked; otherwise false — the interrupt
     * (already cleared by the exception) was not the consumer's, and the record goes on.
     */
    private static boolean giveUp(Progress progress) {
        if (progress.revoked()) {
            Thread.currentThread().interrupt();
            return true;
        }
        log.warn("interrupted while handling a record of a partition still owned; carrying on");
        return false;
    }
}
