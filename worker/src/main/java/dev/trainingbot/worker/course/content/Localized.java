package dev.trainingbot.worker.course.content;

import java.util.Locale;
import java.util.Map;

/**
 * A text of the course in the languages it was written in: always the course's own language ({@code fallback}), any
 * others the bot speaks optional. A language without its own text gets the course language's, text by text — a
 * course translated in part shows the translated texts and the rest in its language.
 *
 * @param texts text by language code ({@code en}, {@code de})
 * @param fallback the course's language, a key of {@code texts}
 */
public record Localized(Map<String, String> texts, String fallback) {

    public Localized {
        texts = Map.copyOf(texts);
        if (!texts.containsKey(fallback)) {
            throw new IllegalArgumentException("no text in the fallback language " + fallback + ": " + texts);
        }
    }

    /** The same text in every language. */
    public static Localized of(String language, String text) {
        return new Localized(Map.of(language, text), language);
    }

    public String in(Locale locale) {
        return in(locale.getLanguage());
    }

    public String in(String language) {
        return texts.getOrDefault(language, texts.get(fallback));
    }
}
