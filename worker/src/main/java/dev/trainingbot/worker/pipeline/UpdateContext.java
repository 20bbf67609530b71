package dev.trainingbot.worker.pipeline;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.fsm.Conversation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * One update on its way through the {@link Pipeline}: what arrived, what the stages learned, and how it ended. Owned
 * by the one virtual thread handling the update; not thread-safe.
 */
public final class UpdateContext {

    private final InboundRecord record;
    private final Update update;
    private final long startedNanos;
    private Conversation conversation;
    private CompletableFuture<Conversation> conversationAhead;
    private Locale locale = Locale.ENGLISH;
    private AuditOutcome outcome = AuditOutcome.HANDLED;
    private String handler = "none";
    private boolean carriesSecret;
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<Acknowledgement> pending = new ArrayList<>(2);
    private final List<Acknowledgement> afterwards = new ArrayList<>(1);

    public UpdateContext(InboundRecord record, Update update, long startedNanos) {
        this.record = record;
        this.update = update;
        this.startedNanos = startedNanos;
    }

    public InboundRecord record() {
        return record;
    }

    public Update update() {
        return update;
    }

    public long updateId() {
        return update.getUpdateId();
    }

    /** The chat of the update: the record key. */
    public long chatId() {
        return record.key().id();
    }

    /** The user who caused the update, if any (channel posts have none). */
    public User user() {
        if (update.hasMessage()) {
            return update.getMessage().getFrom();
        }
        if (update.hasCallbackQuery()) {
            return update.getCallbackQuery().getFrom();
        }
        if (update.hasEditedMessage()) {
            return update.getEditedMessage().getFrom();
        }
        if (update.hasInlineQuery()) {
            return update.getInlineQuery().getFrom();
        }
        if (update.hasMyChatMember()) {
            return update.getMyChatMember().getFrom();
        }
        return null;
    }

    public Long userId() {
        User user = user();
        return user == null ? null : user.getId();
    }

    /**
     * Whether the update comes from the user's private chat with the bot — whose id, in Telegram, is the user's id —
     * rather than from a group, supergroup or channel.
     */
    public boolean privateChat() {
        Long user = userId();
        return user != null && user == chatId();
    }

    /** The message of a message update, or null. */
    public Message message() {
        return update.hasMessage() ? update.getMessage() : null;
    }

    /** The update's kind as Telegram names its field: {@code message}, {@code callback_query}, … */
    public String kind() {
        return UpdateKinds.of(update);
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** The conversation loaded by the FSM stage; null before it ran. */
    public Conversation conversation() {
        return conversation;
    }

    public void conversation(Conversation conversation) {
        this.conversation = conversation;
    }

    /** The conversation's read, started before the stages ran; null when none was started. */
    public CompletableFuture<Conversation> conversationAhead() {
        return conversationAhead;
    }

    public void conversationAhead(CompletableFuture<Conversation> read) {
        this.conversationAhead = read;
    }

    public Locale locale() {
        return locale;
    }

    public void locale(Locale locale) {
        this.locale = locale;
    }

    public AuditOutcome outcome() {
        return outcome;
    }

    public void outcome(AuditOutcome outcome) {
        this.outcome = outcome;
    }

    /** The handler that ran, for metrics and the audit event. */
    public String handler() {
        return handler;
    }

    public void handler(String handler) {
        this.handler = handler;
    }

    /**
     * Marks the update's message text as a secret (the admin password): should the update be dead-lettered, it goes
     * to the dead-letter topic with that text replaced.
     */
    public void markSecret() {
        this.carriesSecret = true;
    }

    /**
     * Whether the update's message text is, or may be, a secret: marked so, or a text whose conversation has not been
     * loaded yet — until then nobody knows whether it answers the password prompt, so a failure before that stage
     * must not let the text out either.
     */
    public boolean carriesSecret() {
        return carriesSecret
                || (conversation == null && message() != null && message().hasText());
    }

    /** Context for the audit event ({@code details}); small values, never secrets. */
    public UpdateContext detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    public Map<String, Object> details() {
        return details;
    }

    /**
     * Starts work that must be acknowledged before the update's offset may be committed (the audit event).
     * {@code send} is called now, and again by the consumer if its acknowledgement fails, until it succeeds; it must
     * therefore be idempotent.
     */
    public void awaitBeforeCommit(String what, Supplier<CompletableFuture<?>> send) {
        pending.add(new Acknowledgement(what, send, send.get()));
    }

    /**
     * Registers work that the consumer starts only once everything {@linkplain #awaitBeforeCommit awaited before the
     * commit} was acknowledged, and that must be acknowledged itself before the offset may be committed: the dedupe
     * mark, which must not say "handled" while the update's audit event may still be lost. {@code send} is called
     * then, and again until it succeeds; it must be idempotent.
     */
    public void afterAcknowledged(String what, Supplier<CompletableFuture<?>> send) {
        afterwards.add(new Acknowledgement(what, send, null));
    }

    /** What {@link #awaitBeforeCommit} started. */
    public List<Acknowledgement> pending() {
        return pending;
    }

    /** What {@link #afterAcknowledged} registered, in order; nothing of it started yet. */
    public List<Acknowledgement> afterwards() {
        return afterwards;
    }

    /**
     * Work whose acknowledgement the commit waits for, how to send it again, and its first send (null when not sent
     * yet).
     */
    public record Acknowledgement(String what, Supplier<CompletableFuture<?>> send, CompletableFuture<?> first) {}
}
