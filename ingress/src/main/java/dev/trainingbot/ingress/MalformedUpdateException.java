package dev.trainingbot.ingress;

/** The body is not a Telegram update the fleet can route: not JSON, no {@code update_id}, or neither chat nor user. */
public final class MalformedUpdateException extends Exception {

    public MalformedUpdateException(String reason) {
        super(reason);
    }

    public MalformedUpdateException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
