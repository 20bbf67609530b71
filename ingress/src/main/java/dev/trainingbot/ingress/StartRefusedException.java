package dev.trainingbot.ingress;

/**
 * The ingress will not start as configured; the message is one line for the operator, naming what to change. Its
 * {@code main} logs it without a stack trace and exits with status 2, as for an invalid variable.
 */
public final class StartRefusedException extends RuntimeException {

    public StartRefusedException(String message) {
        super(message);
    }
}
