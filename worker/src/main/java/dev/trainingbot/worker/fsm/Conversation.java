package dev.trainingbot.worker.fsm;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The conversation of one user in one chat: a {@link ConversationState}, small string data, and the version it was
 * loaded at. Handlers change it through {@link #moveTo} and {@link #put}; the FSM stage saves it afterwards if it
 * changed. Not thread-safe: it belongs to the update being handled.
 */
public final class Conversation {

    private final long chatId;
    private final long userId;
    private final long version;
    private ConversationState state;
    private final Map<String, String> data;
    private boolean changed;

    public Conversation(long chatId, long userId, ConversationState state, Map<String, String> data, long version) {
        this.chatId = chatId;
        this.userId = userId;
        this.state = state;
        this.data = new HashMap<>(data);
        this.version = version;
    }

    public long chatId() {
        return chatId;
    }

    public long userId() {
        return userId;
    }

    public ConversationState state() {
        return state;
    }

    /** The version this conversation was loaded at (0: it did not exist). */
    public long version() {
        return version;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(data.get(key));
    }

    public Map<String, String> data() {
        return Map.copyOf(data);
    }

    /** Sets a data value in the current state. */
    public Conversation put(String key, String value) {
        if (!value.equals(data.put(key, value))) {
            changed = true;
        }
        return this;
    }

    /**
     * Moves to {@code target} with fresh data.
     *
     * @throws IllegalTransitionException when {@link ConversationState} does not allow the move
     */
    public Conversation moveTo(ConversationState target, Map<String, String> newData) {
        if (!state.canMoveTo(target)) {
            throw new IllegalTransitionException(chatId, state, target);
        }
        if (target != state || !data.equals(newData)) {
            changed = true;
        }
        state = target;
        data.clear();
        data.putAll(newData);
        return this;
    }

    /** Back to {@link ConversationState#IDLE} with no data. */
    public Conversation reset() {
        return moveTo(ConversationState.IDLE, Map.of());
    }

    public boolean changed() {
        return changed;
    }
}
