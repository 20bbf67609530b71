package dev.trainingbot.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.ChatKey;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.InboundRecord;
import dev.trainingbot.worker.pipeline.Middleware;
import dev.trainingbot.worker.pipeline.Pipeline;
import dev.trainingbot.worker.pipeline.UpdateContext;
import io.lettuce.core.RedisCommandTimeoutException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telegram.telegrambots.meta.api.objects.Update;

/** How one record is carried to "done": acknowledgements in order, retries, and what an interrupt means. */
@Timeout(30)
class RecordProcessorTest {

    private static final byte[] UPDATE = ("{\"update_id\":42,\"message\":{\"message_id\":1,\"date\":1700000000,"
                    + "\"chat\":{\"id\":7,\"type\":\"private\"},"
                    + "\"from\":{\"id\":7,\"is_bot\":false,\"first_name\":\"Ann\"},\"text\":\"hi\"}}")
            .getBytes(StandardCharsets.UTF_8);

    private final TestProgress progress = new TestProgress();

    @Test
    void theDedupeMarkIsSentOnlyOnceTheAuditEventIsAcknowledged() {
        CompletableFuture<Void> auditAck = new CompletableFuture<>();
        AtomicInteger marks = new AtomicInteger();
        RecordProcessor processor = processor(
                Map.<String, Stage>of(
                        "audit",
                        (context, next) -> {
                            next.proceed(context);
                            context.awaitBeforeCommit("audit event", () -> auditAck);
                        },
                        "guard",
                        (context, next) -> {
                            next.proceed(context);
                            context.afterAcknowledged("dedupe mark", () -> {
                                marks.incrementAndGet();
                                return CompletableFuture.completedFuture(null);
                            });
                        }),
                Duration.ofMillis(10));

        start(processor);

        // A mark ahead of the event, then a crash: the next owner would skip the update, its event never written.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> marks.get() == 0);
        assertThat(progress.done).isNotDone();
        auditAck.complete(null);
        assertThat(progress.done).succeedsWithin(Duration.ofSeconds(5));
        assertThat(marks).hasValue(1);
    }

    @Test
    void anInterruptDuringTheBackoffOfAPartitionStillOwnedDoesNotGiveTheRecordUp() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch failed = new CountDownLatch(1);
        RecordProcessor processor = processor(
                Map.<String, Stage>of("router", (context, next) -> {
                    if (attempts.incrementAndGet() == 1) {
                        failed.countDown();
                        throw new RedisCommandTimeoutException("Command timed out after 2 second(s)");
                    }
                }),
                Duration.ofMillis(500));
        Thread handler = start(processor);
        failed.await();

        handler.interrupt();

        // Given up, the record would never be done and its offset would pin the partition's commit for good.
        assertThat(progress.done).succeedsWithin(Duration.ofSeconds(5));
        assertThat(attempts).hasValue(2);
    }

    @Test
    void anInterruptWhileWaitingForAnAcknowledgementOfAPartitionStillOwnedKeepsWaiting() {
        CompletableFuture<Void> auditAck = new CompletableFuture<>();
        RecordProcessor processor = processor(
                Map.<String, Stage>of("audit", (context, next) -> {
                    next.proceed(context);
                    context.awaitBeforeCommit("audit event", () -> auditAck);
                }),
                Duration.ofMillis(10));
        Thread handler = start(processor);
        // The handler is waiting in get() once it is the future's dependent.
        await().atMost(Duration.ofSeconds(5)).until(() -> auditAck.getNumberOfDependents() == 1);

        handler.interrupt();
        auditAck.complete(null);

        assertThat(progress.done).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void anInterruptedRecordOfARevokedPartitionIsGivenUpAtOnce() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        RecordProcessor processor = processor(
                Map.<String, Stage>of("router", (context, next) -> {
                    failed.countDown();
                    throw new RedisCommandTimeoutException("Command timed out after 2 second(s)");
                }),
                Duration.ofSeconds(30));
        Thread handler = start(processor);
        failed.await();

        progress.revoked.set(true);
        handler.interrupt();

        assertThat(handler.join(Duration.ofSeconds(5))).isTrue();
        assertThat(progress.done).isNotDone();
    }

    /** A pipeline of stages that pass the update on, but for the {@code behaviour} given by stage name. */
    private static RecordProcessor processor(Map<String, Stage> behaviour, Duration backoff) {
        List<Middleware> stages = Pipeline.ORDER.stream()
                .map(name -> (Middleware) new Middleware() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public void handle(UpdateContext context, Next next) throws Exception {
                        Stage stage = behaviour.get(name);
                        if (stage == null) {
                            next.proceed(context);
                        } else {
                            stage.handle(context, next);
                        }
                    }
                })
                .toList();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        return new RecordProcessor(
                Json.mapper().readerFor(Update.class),
                new Pipeline(stages, metrics),
                new Messages("en"),
                // No record here is dead-lettered, so the publishers are never asked to send.
                new DeadLetterPublisher(null, "tg.updates.dlq"),
                new AuditPublisher(null, "tg.audit", null),
                new RetryPolicy(3, backoff, backoff),
                Clock.systemUTC(),
                metrics);
    }

    private Thread start(RecordProcessor processor) {
        InboundRecord record = new InboundRecord("tg.updates", 0, 0, new ChatKey(7), UPDATE, OptionalLong.empty());
        return Thread.ofVirtual().start(() -> processor.process(record, new RecordHeaders(), progress));
    }

    /** What one stage does instead of passing the update on. */
    @FunctionalInterface
    private interface Stage {
        void handle(UpdateContext context, Middleware.Next next) throws Exception;
    }

    private static final class TestProgress implements RecordHandler.Progress {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicBoolean revoked = new AtomicBoolean();

        @Override
        public void done() {
            done.complete(null);
        }

        @Override
        public boolean revoked() {
            return revoked.get();
        }
    }
}
