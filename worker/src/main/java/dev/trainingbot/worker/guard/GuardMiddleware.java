package dev.trainingbot.worker.guard;

import static dev.trainingbot.worker.pipeline.Blocking.await;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.audit.AuditMiddleware;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.Middleware;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

/**
 * Stages 2 and 3: dedupe, throttle and ban, decided by {@link UpdateGuard} in one Redis round trip on the update's
 * {@link Arrival} clock. A duplicate stops here silently; a refused update stops here with at most one notice (a
 * message, or the answer to a pressed button) and costs nothing further — no conversation loaded, no user touched, no
 * handler run; an allowed one goes on. The notice is the chat's next message in order, so it waits only for what the
 * chat's flood limit requires after the replies to the updates allowed before it. A ban that starts is an audit event
 * of its own ({@value #BAN_EVENT}). Allowed or refused, the update is marked as handled (a second round trip) only
 * after its audit event was acknowledged, just before the offset commit.
 *
 * <p>Every attempt at an update asks the guard again and gets the decision of the first ({@link UpdateGuard}): a
 * retry after a failure neither takes another token — so a user's own update does not become a throttled one — nor
 * loses the notice of a refusal whose sending failed.
 */
public final class GuardMiddleware implements Middleware {

    /** The audit event type of a ban that starts. */
    public static final String BAN_EVENT = "throttle.ban";

    private final UpdateGuard guard;
    private final ThrottleLimits limits;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final AuditPublisher audit;
    private final InstantSource clock;
    private final Map<GuardDecision, Counter> decisions = new EnumMap<>(GuardDecision.class);

    public GuardMiddleware(
            UpdateGuard guard,
            ThrottleLimits limits,
            TelegramGateway telegram,
            Messages messages,
            AuditPublisher audit,
            InstantSource clock,
            MeterRegistry metrics) {
        this.guard = guard;
        this.limits = limits;
        this.telegram = telegram;
        this.messages = messages;
        this.audit = audit;
        this.clock = clock;
        for (GuardDecision decision : GuardDecision.values()) {
            decisions.put(
                    decision,
                    Counter.builder("worker.guard.decisions")
                            .description("Dedupe and throttle decisions")
                            .tag("decision", decision.name().toLowerCase(Locale.ROOT))
                            .register(metrics));
        }
    }

    @Override
    public String name() {
        return "guard";
    }

    @Override
    public void handle(UpdateContext context, Next next) throws Exception {
        // Telegram's notice that the user blocked or unblocked the bot is no request of theirs: never throttled, or
        // the block would go unrecorded.
        Long throttled = context.update().hasMyChatMember() ? null : context.userId();
        GuardVerdict verdict =
                await(guard.decide(context.updateId(), throttled, Arrival.of(context.record(), context.update())));
        GuardDecision decision = verdict.decision();
        decisions.get(decision).increment();
        if (decision == GuardDecision.DUPLICATE) {
            // Marked after its audit event was acknowledged: the first delivery's event is safe, none is due here.
            context.handler("guard");
            context.outcome(AuditOutcome.IGNORED);
            context.detail(AuditMiddleware.DUPLICATE, true);
            context.detail("guard", decision.name().toLowerCase(Locale.ROOT));
            return;
        }
        if (decision.proceed()) {
            next.proceed(context);
        } else {
            refuse(context, verdict);
        }
        long updateId = context.updateId();
        // Last of all: a mark ahead of the audit event, then a crash, and the next owner would skip the update as a
        // duplicate whose event was never written.
        context.afterAcknowledged("dedupe mark", () -> guard.markHandled(updateId));
    }

    private void refuse(UpdateContext context, GuardVerdict verdict) throws Exception {
        GuardDecision decision = verdict.decision();
        context.handler("guard");
        context.outcome(
                switch (decision) {
                    case THROTTLED_TELL, THROTTLED_SILENT -> AuditOutcome.THROTTLED;
                    default -> AuditOutcome.BANNED;
                });
        context.detail("guard", decision.name().toLowerCase(Locale.ROOT));
        Duration ban = verdict.ban().orElse(limits.firstBan());
        verdict.ban().ifPresent(length -> context.detail("ban_seconds", length.toSeconds()));
        if (decision == GuardDecision.BANNED_TELL) {
            // The ban starts with this update (a ban is told once, when it starts): its own event, for the audit
            // trail of bans and unbans. Same id on every attempt at the update.
            audit.publishBeforeCommit(
                    context,
                    BAN_EVENT,
                    context.userId(),
                    AuditOutcome.BANNED,
                    Map.of("ban_seconds", ban.toSeconds()),
                    clock.instant());
        }
        if (decision.tell()) {
            String text = decision == GuardDecision.THROTTLED_TELL
                    ? messages.text(context.locale(), "guard.too_many_requests")
                    : messages.text(context.locale(), "guard.banned", BanLength.text(messages, context.locale(), ban));
            // Should this fail, the retry is refused with the same decision and tells again.
            tell(context, text);
        }
    }

    private void tell(UpdateContext context, String text) throws Exception {
        if (context.update().hasCallbackQuery()) {
            telegram.answer(AnswerCallbackQuery.builder()
                    .callbackQueryId(context.update().getCallbackQuery().getId())
                    .text(text)
                    .build());
            return;
        }
        try {
            telegram.send(SendMessage.builder()
                    .chatId(context.chatId())
                    .text(text)
                    .parseMode("HTML")
                    .build());
        } catch (TelegramException.BlockedByUser e) {
            // The user blocked the bot (their my_chat_member update may be the one refused): nobody to tell.
            context.detail("blocked_by_user", true);
        }
    }
}
