package dev.trainingbot.worker.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * Every text the bot sends, from the bundles {@code i18n/messages_<language>.properties} (UTF-8). A user's language
 * is their Telegram {@code language_code} when the bot speaks it, else {@code DEFAULT_LANGUAGE}. Texts use Telegram's
 * HTML parse mode; arguments are {@link MessageFormat} placeholders and must be HTML-escaped by the caller when they
 * come from users.
 */
public final class Messages {

    /** The languages the bot speaks. */
    public static final Set<String> LANGUAGES = Set.of("en", "ru");

    private final Locale defaultLocale;
    private final Map<String, ResourceBundle> bundles;

    public Messages(String defaultLanguage) {
        if (!LANGUAGES.contains(defaultLanguage)) {
            throw new IllegalArgumentException("no messages for language " + defaultLanguage);
        }
        this.defaultLocale = Locale.forLanguageTag(defaultLanguage);
        this.bundles = Map.of(
                "en", ResourceBundle.getBundle("i18n.messages", Locale.ENGLISH, NoFallback.INSTANCE),
                "ru", ResourceBundle.getBundle("i18n.messages", Locale.forLanguageTag("ru"), NoFallback.INSTANCE));
    }

    /** The locale for a Telegram {@code language_code} ({@code en}, {@code ru}, {@code en-US}, null…). */
    public Locale localeFor(String languageCode) {
        if (languageCode == null || languageCode.isBlank()) {
            return defaultLocale;
        }
        String language = Locale.forLanguageTag(languageCode.replace('_', '-')).getLanguage();
        return LANGUAGES.contains(language) ? Locale.forLanguageTag(language) : defaultLocale;
    }

    /** The text of {@code key} in {@code locale}, with {@code args} filled in. */
    public String text(Locale locale, String key, Object... args) {
        ResourceBundle bundle = bundles.getOrDefault(locale.getLanguage(), bundles.get(defaultLocale.getLanguage()));
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no message '" + key + "' for " + locale.getLanguage(), e);
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** Bundles only for the exact language: a missing key is a bug, never silently English. */
    private static final class NoFallback extends ResourceBundle.Control {
        static final NoFallback INSTANCE = new NoFallback();

        @Override
        public Locale getFallbackLocale(String baseName, Locale locale) {
            return null;
        }
    }
}
