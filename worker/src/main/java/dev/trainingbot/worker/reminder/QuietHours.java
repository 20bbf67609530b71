package dev.trainingbot.worker.reminder;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A daily window of local time in which no reminder is sent, e.g. {@code 21:00-09:00}: it may wrap midnight, its start
 * is inside and its end outside. A reminder due inside the window waits for its end, in the learner's time zone.
 * {@link #NONE} sends at any hour.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public static final QuietHours NONE = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    /** Whether {@code instant}, read in {@code zone}, falls inside the window. */
    public boolean contains(Instant instant, ZoneId zone) {
        LocalTime local = ZonedDateTime.ofInstant(instant, zone).toLocalTime();
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /**
     * Parses {@code HH:MM-HH:MM}, or {@code off} for {@link #NONE}; empty when {@code text} is neither. The same start
     * and end is refused: it reads as "always" to some and "never" to others.
     */
    public static Optional<QuietHours> parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("off")) {
            return Optional.of(NONE);
        }
        String[] parts = value.split("-", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            LocalTime start = LocalTime.parse(parts[0].strip());
            LocalTime end = LocalTime.parse(parts[1].strip());
            return start.equals(end) ? Optional.empty() : Optional.of(new QuietHours(start, end));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return this.equals(NONE) ? "off" : start + "-" + end;
    }
}
