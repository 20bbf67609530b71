package dev.trainingbot.worker.guard;

import dev.trainingbot.worker.i18n.Messages;
import java.time.Duration;
import java.util.Locale;

/** A ban's length as a user reads it: whole hours when it is whole hours, else minutes, or seconds under a minute. */
public final class BanLength {

    private BanLength() {}

    public static String text(Messages messages, Locale locale, Duration length) {
        long seconds = Math.max(1, length.toSeconds());
        if (seconds % 3600 == 0) {
            return messages.text(locale, "duration.hours", seconds / 3600);
        }
        if (seconds >= 60) {
            return messages.text(locale, "duration.minutes", (seconds + 59) / 60);
        }
        return messages.text(locale, "duration.seconds", seconds);
    }
}
