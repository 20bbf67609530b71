package dev.trainingbot.worker.reminder;

import dev.trainingbot.common.config.ConfigReader;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * How reminders are scheduled; the rules themselves are content ({@code reminders:} in the course file).
 *
 * @param scanInterval {@code REMINDER_SCAN_INTERVAL_SECONDS} (300): how often one worker of the fleet looks for due
 *     reminders. Shorter sends a reminder closer to its due time at the cost of one query per rule each time; the
 *     rules count in days, so minutes make no difference to a learner
 * @param timeZone {@code REMINDER_TIME_ZONE} ({@code UTC}): the learners' time zone when the bot knows none of theirs
 *     (Telegram tells none); an IANA name such as {@code Europe/Berlin}
 * @param quietHours {@code REMINDER_QUIET_HOURS} ({@code 21:00-09:00}): local hours in which no reminder goes out; one
 *     due then goes out at the window's end. {@code off} sends at any hour
 */
public record ReminderSettings(Duration scanInterval, ZoneId timeZone, QuietHours quietHours) {

    public static ReminderSettings read(ConfigReader config) {
        Duration scan = config.seconds("REMINDER_SCAN_INTERVAL_SECONDS", 300, 10, 86_400);
        String zoneName = config.string("REMINDER_TIME_ZONE", "UTC");
        ZoneId zone = ZoneId.of("UTC");
        try {
            zone = ZoneId.of(zoneName.strip());
        } catch (DateTimeException e) {
            config.invalid("REMINDER_TIME_ZONE", zoneName, "must be a time zone such as UTC or Europe/Berlin");
        }
        String quietText = config.string("REMINDER_QUIET_HOURS", "21:00-09:00");
        QuietHours quiet = QuietHours.parse(quietText).orElse(QuietHours.NONE);
        if (QuietHours.parse(quietText).isEmpty()) {
            config.invalid(
                    "REMINDER_QUIET_HOURS",
                    quietText,
                    "must be a local time window HH:MM-HH:MM with different ends, e.g. 21:00-09:00, or off");
        }
        return new ReminderSettings(scan, zone, quiet);
    }
}
