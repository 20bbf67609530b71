package dev.trainingbot.testkit.telegram;

/**
 * One Bot API call the emulator answered: the method, the chat it concerned (0 when none), when it arrived and
 * when it was answered ({@link System#nanoTime()}), and the HTTP status.
 */
public record RequestRecord(String method, long chatId, long startNanos, long endNanos, int status) {

    /** Whether this call was being answered while {@code other} was. */
    public boolean overlaps(RequestRecord other) {
        return startNanos < other.endNanos && other.startNanos < endNanos;
    }
}
