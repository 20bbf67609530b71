package dev.trainingbot.worker.fsm;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every state a conversation with the bot can be in, and the moves between them — the one place that lists them.
 * Redis stores the state's {@link #name()}.
 *
 * <p>A move is <em>allowed</em>, <em>refused</em> — the user asked for something that would throw their work in
 * this state away, and is told politely how to go on ({@link #refusalOf}, a message key) — or <em>illegal</em>: no
 * input may ask for it, and a handler that tries is a bug ({@link IllegalTransitionException}). Any state may return
 * to {@link #IDLE} (the main menu, {@code /start}, {@code /cancel}). The router checks every route's declared moves
 * against this table when it is built, so from every state every command and button has a move or a refusal.
 */
public enum ConversationState {
    /** No conversation in progress: commands and buttons only. */
    IDLE,
    /** Answering a quiz, one question at a time; the data holds the quiz, the question and the answers so far. */
    QUIZ,
    /**
     * {@code /admin} was sent: the next text is the password (deleted from the chat at once). A prompt: any other
     * input — a button, {@code /cancel}, {@code /admin} again — leaves it first; it expires after
     * {@code ADMIN_PASSWORD_TIMEOUT_SECONDS}.
     */
    AWAITING_ADMIN_PASSWORD,
    /** An admin chose to broadcast: the next text is the message. */
    COMPOSING_BROADCAST,
    /** The broadcast's preview was shown; the data holds the message until the admin confirms, retypes or cancels. */
    CONFIRMING_BROADCAST,
    /** An admin chose to find a learner: the next text is an id, an @username or a name. */
    FINDING_LEARNER,
    /** An admin chose to write to one learner: the data holds the learner's id; the next text is the message. */
    COMPOSING_LEARNER_MESSAGE,
    /** The message to one learner was previewed; the data holds the learner and the message until sent or dropped. */
    CONFIRMING_LEARNER_MESSAGE,
    /** An admin chose to create an invitation: the next text is the cohort's name and, optionally, its start date. */
    NAMING_COHORT;

    private static final Map<ConversationState, Set<ConversationState>> ALLOWED =
            new EnumMap<>(ConversationState.class);
    private static final Map<ConversationState, Map<ConversationState, String>> REFUSED =
            new EnumMap<>(ConversationState.class);

    static {
        allow(
                IDLE,
                QUIZ,
                AWAITING_ADMIN_PASSWORD,
                COMPOSING_BROADCAST,
                FINDING_LEARNER,
                COMPOSING_LEARNER_MESSAGE,
                NAMING_COHORT);
        allow(
                QUIZ,
                QUIZ,
                AWAITING_ADMIN_PASSWORD,
                COMPOSING_BROADCAST,
                FINDING_LEARNER,
                COMPOSING_LEARNER_MESSAGE,
                NAMING_COHORT);
        // Only the password leaves the prompt by a move of its own; any other input leaves it to IDLE first.
        allow(AWAITING_ADMIN_PASSWORD);
        // /admin once the session ended moves to the prompt; the message retyped at the preview is a new preview.
        allow(COMPOSING_BROADCAST, AWAITING_ADMIN_PASSWORD, COMPOSING_BROADCAST, CONFIRMING_BROADCAST);
        allow(CONFIRMING_BROADCAST, AWAITING_ADMIN_PASSWORD, COMPOSING_BROADCAST, CONFIRMING_BROADCAST);
        // A search, or a cohort's name yet to be typed, holds nothing worth keeping: anything may follow it.
        for (ConversationState open : EnumSet.of(FINDING_LEARNER, NAMING_COHORT)) {
            allow(
                    open,
                    QUIZ,
                    AWAITING_ADMIN_PASSWORD,
                    COMPOSING_BROADCAST,
                    FINDING_LEARNER,
                    COMPOSING_LEARNER_MESSAGE,
                    NAMING_COHORT);
        }
        allow(
                COMPOSING_LEARNER_MESSAGE,
                AWAITING_ADMIN_PASSWORD,
                COMPOSING_LEARNER_MESSAGE,
                CONFIRMING_LEARNER_MESSAGE);
        allow(
                CONFIRMING_LEARNER_MESSAGE,
                AWAITING_ADMIN_PASSWORD,
                COMPOSING_LEARNER_MESSAGE,
                CONFIRMING_LEARNER_MESSAGE);
        // Another task would drop the message being prepared without a word: send or cancel it first.
        for (ConversationState composing : EnumSet.of(COMPOSING_BROADCAST, CONFIRMING_BROADCAST)) {
            refuse(composing, QUIZ, "broadcast.pending");
            refuse(composing, FINDING_LEARNER, "broadcast.pending");
            refuse(composing, COMPOSING_LEARNER_MESSAGE, "broadcast.pending");
            refuse(composing, NAMING_COHORT, "broadcast.pending");
        }
        for (ConversationState composing : EnumSet.of(COMPOSING_LEARNER_MESSAGE, CONFIRMING_LEARNER_MESSAGE)) {
            refuse(composing, QUIZ, "learner.message_pending");
            refuse(composing, FINDING_LEARNER, "learner.message_pending");
            refuse(composing, COMPOSING_BROADCAST, "learner.message_pending");
            refuse(composing, NAMING_COHORT, "learner.message_pending");
        }
    }

    private static void allow(ConversationState from, ConversationState... to) {
        Set<ConversationState> targets = EnumSet.of(IDLE, to);
        ALLOWED.put(from, targets);
    }

    private static void refuse(ConversationState from, ConversationState to, String messageKey) {
        REFUSED.computeIfAbsent(from, state -> new EnumMap<>(ConversationState.class))
                .put(to, messageKey);
    }

    /** Whether a conversation in this state may move to {@code target}. */
    public boolean canMoveTo(ConversationState target) {
        return ALLOWED.get(this).contains(target);
    }

    /** The message key of the notice that refuses the move to {@code target}, when the move is refused. */
    public Optional<String> refusalOf(ConversationState target) {
        return Optional.ofNullable(REFUSED.getOrDefault(this, Map.of()).get(target));
    }

    /** Whether the text this state waits for is a secret: kept out of logs, audit events and dead letters. */
    public boolean awaitsSecret() {
        return this == AWAITING_ADMIN_PASSWORD;
    }
}
