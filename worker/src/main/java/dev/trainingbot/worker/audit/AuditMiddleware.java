package dev.trainingbot.worker.audit;

import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.pipeline.Middleware;
import dev.trainingbot.worker.pipeline.UpdateContext;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 8, wrapped around the guard so that refused updates are audited too: after the update was handled, produces
 * its audit event asynchronously and registers the acknowledgement as something the offset commit waits for.
 * Duplicates produce none: an update is marked handled only after its event was acknowledged, so a duplicate's
 * first delivery has its event. No Redis or database calls; one Kafka send, not awaited here.
 */
public final class AuditMiddleware implements Middleware {

    /** Marks an update the guard recognised as already handled; such updates are not audited again. */
    public static final String DUPLICATE = "duplicate";

    private final AuditPublisher publisher;
    private final InstantSource clock;

    public AuditMiddleware(AuditPublisher publisher, InstantSource clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public void handle(UpdateContext context, Next next) throws Exception {
        next.proceed(context);
        if (Boolean.TRUE.equals(context.details().get(DUPLICATE))) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>(context.details());
        details.put("handler", context.handler());
        AuditEvent event = AuditEvent.ofUpdate(
                context.updateId(),
                "update." + context.kind(),
                context.userId(),
                context.chatId(),
                context.outcome(),
                clock.instant(),
                (System.nanoTime() - context.startedNanos()) / 1_000,
                details);
        context.awaitBeforeCommit("audit event", () -> publisher.publish(event));
    }

    /** The event recording that an update was dead-lettered; same id scheme, its own type. */
    public static AuditEvent deadLettered(
            long updateId, Long userId, long chatId, InstantSource clock, String errorClass, int attempts) {
        return AuditEvent.ofUpdate(
                updateId,
                "update.dead_lettered",
                userId,
                chatId,
                AuditOutcome.DEAD_LETTERED,
                clock.instant(),
                0,
                Map.of("error", errorClass, "attempts", attempts));
    }
}
