package dev.trainingbot.worker.fsm;

/** A handler tried a move {@link ConversationState} does not allow: a bug, never user input. */
public final class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(long chatId, ConversationState from, ConversationState to) {
        super("illegal conversation move in chat " + chatId + ": " + from + " -> " + to);
    }
}
