package dev.trainingbot.worker.fsm;

/**
 * Another worker saved the conversation since this one loaded it (two workers handled the chat at once, during a
 * rebalance). Nothing was written; the update is handled again from the fresh state.
 */
public final class FsmConflictException extends Exception {

    public FsmConflictException(String key, long loadedVersion) {
        super("conversation " + key + " changed since version " + loadedVersion + " was loaded");
    }
}
