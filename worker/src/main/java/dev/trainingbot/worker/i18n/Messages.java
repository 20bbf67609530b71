package dev.trainingbot.worker.i18n;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every text the bot sends, from the bundles {@code i18n/messages_<language>.properties} (UTF-8), one per language of
 * {@link Languages}. A user's language is the one they chose with {@code /language}, else their Telegram
 * {@code language_code} when the bot speaks it, else {@code DEFAULT_LANGUAGE}. Texts use Telegram's HTML parse mode;
 * arguments are {@link MessageFormat} placeholders and must be HTML-escaped by the caller when they come from users.
 *
 * <p>The default language's bundle is the reference: a text it lacks is a bug. Another language's bundle may be a
 * partial translation: a text it lacks is the default language's, text by text as in a course file, and the start
 * logs which texts each language lacks, so that a release adding texts does not stop a translation that has not caught
 * up. Every bundle must name its language ({@value #LANGUAGE_NAME}).
 */
public final class Messages {

    private static final Logger log = LoggerFactory.getLogger(Messages.class);

    /** The key of a language's own name, in its own language ({@code Deutsch}): the {@code /language} buttons. */
    public static final String LANGUAGE_NAME = "language.name";

    private final Languages languages;
    private final Locale defaultLocale;
    private final Map<String, ResourceBundle> bundles = new LinkedHashMap<>();

    /** The messages of the bundles on the worker's classpath. */
    public Messages(String defaultLanguage) {
        this(Languages.discover(Messages.class.getClassLoader(), defaultLanguage), Messages.class.getClassLoader());
    }

    /** The messages of {@code languages}, whose bundles {@code loader} finds. */
    public Messages(Languages languages, ClassLoader loader) {
        this.languages = languages;
        this.defaultLocale = Locale.forLanguageTag(languages.defaultLanguage());
        for (String code : languages.codes()) {
            bundles.put(
                    code,
                    ResourceBundle.getBundle(
                            Languages.BUNDLE, Locale.forLanguageTag(code), loader, NoFallback.INSTANCE));
        }
        Set<String> reference = bundles.get(languages.defaultLanguage()).keySet();
        List<String> problems = new ArrayList<>();
        bundles.forEach((code, bundle) -> {
            Set<String> missing = new TreeSet<>(reference);
            missing.removeAll(bundle.keySet());
            if (!missing.isEmpty()) {
                log.warn(
                        "i18n/messages_{}.properties lacks {} of {} texts, shown in {} instead: {}",
                        code,
                        missing.size(),
                        reference.size(),
                        languages.defaultLanguage(),
                        missing);
            }
            if (!bundle.containsKey(LANGUAGE_NAME)) {
                problems.add("i18n/messages_" + code + ".properties lacks " + LANGUAGE_NAME);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("incomplete message bundles: " + String.join("; ", problems));
        }
    }

    public Languages languages() {
        return languages;
    }

    /** The locale for a Telegram {@code language_code} ({@code en}, {@code ru}, {@code en-US}, null…). */
    public Locale localeFor(String languageCode) {
        return Locale.forLanguageTag(languages.resolve(languageCode));
    }

    /** The text of {@code key} in {@code locale}, with {@code args} filled in. */
    public String text(Locale locale, String key, Object... args) {
        ResourceBundle fallback = bundles.get(defaultLocale.getLanguage());
        ResourceBundle bundle = bundles.getOrDefault(locale.getLanguage(), fallback);
        String pattern;
        Locale shownIn = locale;
        if (bundle.containsKey(key)) {
            pattern = bundle.getString(key);
        } else if (fallback.containsKey(key)) {
            pattern = fallback.getString(key);
            shownIn = defaultLocale;
        } else {
            throw new IllegalArgumentException("no message '" + key + "' for " + locale.getLanguage());
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, shownIn).format(args);
    }

    /** Bundles only for the exact language: a text it lacks is the default language's, chosen here, not by the JDK. */
    private static final class NoFallback extends ResourceBundle.Control {
        static final NoFallback INSTANCE = new NoFallback();

        @Override
        public Locale getFallbackLocale(String baseName, Locale locale) {
            return null;
        }

        @Override
        public List<Locale> getCandidateLocales(String baseName, Locale locale) {
            // The exact language only: no base bundle (there is none) and no region variants.
            return List.of(locale);
        }
    }
}
