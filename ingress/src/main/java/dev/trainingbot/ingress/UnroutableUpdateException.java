package dev.trainingbot.ingress;

/**
 * A well-formed update that names no chat and no user ({@code poll}, a {@code poll_answer} without {@code user} or
 * {@code voter_chat}): there is no chat whose order it belongs to, and no handler the fleet has for it. Telegram
 * sent it and would send it again if refused, so the ingress confirms it and skips it.
 */
public final class UnroutableUpdateException extends Exception {

    private final long updateId;

    public UnroutableUpdateException(long updateId, String reason) {
        super(reason);
        this.updateId = updateId;
    }

    public long updateId() {
        return updateId;
    }
}
