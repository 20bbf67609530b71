package dev.trainingbot.worker.course.content;

import java.util.Locale;

/** A text of the course in each language the bot speaks. */
public record Localized(String en, String ru) {

    public String in(Locale locale) {
        return "ru".equals(locale.getLanguage()) ? ru : en;
    }
}
