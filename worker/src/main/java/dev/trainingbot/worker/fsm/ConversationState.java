package dev.trainingbot.worker.fsm;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Every state a conversation with the bot can be in, and the moves between them — the one place that lists them.
 * Redis stores the state's {@link #name()}. Any state may return to {@link #IDLE} (the main menu, {@code /start}).
 */
public enum ConversationState {
    /** No conversation in progress: commands and buttons only. */
    IDLE,
    /** Answering a quiz, one question at a time; the data holds the quiz, the question and the answers so far. */
    QUIZ,
    /** {@code /admin} was sent: the next text is the password (deleted from the chat at once). */
    AWAITING_ADMIN_PASSWORD,
    /** An admin chose to broadcast: the next text is the message. */
    COMPOSING_BROADCAST,
    /** The broadcast's preview was shown; the data holds the message until the admin confirms or cancels. */
    CONFIRMING_BROADCAST;

    private static final Map<ConversationState, Set<ConversationState>> MOVES = new EnumMap<>(ConversationState.class);

    static {
        MOVES.put(IDLE, EnumSet.of(IDLE, QUIZ, AWAITING_ADMIN_PASSWORD, COMPOSING_BROADCAST));
        MOVES.put(QUIZ, EnumSet.of(IDLE, QUIZ, AWAITING_ADMIN_PASSWORD, COMPOSING_BROADCAST));
        MOVES.put(AWAITING_ADMIN_PASSWORD, EnumSet.of(IDLE));
        MOVES.put(COMPOSING_BROADCAST, EnumSet.of(IDLE, COMPOSING_BROADCAST, CONFIRMING_BROADCAST));
        MOVES.put(CONFIRMING_BROADCAST, EnumSet.of(IDLE, COMPOSING_BROADCAST));
    }

    /** Whether a conversation in this state may move to {@code target}. */
    public boolean canMoveTo(ConversationState target) {
        return target == IDLE || MOVES.get(this).contains(target);
    }
}
