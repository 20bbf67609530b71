package dev.trainingbot.worker.reminder;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One reminder rule of the course file: when it fires, and the text it sends, by language. A rule fires at most once
 * per learner and {@linkplain #id() rule} for each occurrence of what it watches; the text may hold {@code {section}}
 * (the section's title) and {@code {lessons}} ("2 lessons"), and is Telegram HTML.
 */
public sealed interface ReminderRule {

    /** Stable: the rule's sent reminders are kept under it, so a renamed rule fires again for everyone. */
    String id();

    /** The text by language code; {@link #textIn} falls back to the default language. */
    Map<String, String> text();

    default String textIn(Locale locale, String defaultLanguage) {
        String text = text().get(locale.getLanguage());
        return text != null ? text : text().get(defaultLanguage);
    }

    /**
     * Fires {@code inactive} after a learner's last activity when they started a section and left lessons of it unread;
     * an occurrence is one stretch of inactivity, so a learner who comes back and leaves again is reminded again.
     */
    record AfterInactivity(String id, Duration inactive, Map<String, String> text) implements ReminderRule {
        public AfterInactivity {
            text = Map.copyOf(text);
        }
    }

    /**
     * Fires {@code before} a cohort's deadline for each member who has not finished the course; an occurrence is one
     * cohort's deadline. The deadlines come from {@link CohortDeadlines}: cohorts an admin gave a deadline.
     */
    record BeforeDeadline(String id, Duration before, Map<String, String> text) implements ReminderRule {
        public BeforeDeadline {
            text = Map.copyOf(text);
        }
    }
}
