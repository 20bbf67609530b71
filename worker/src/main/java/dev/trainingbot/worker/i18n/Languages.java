package dev.trainingbot.worker.i18n;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.Resource;
import io.github.classgraph.ScanResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The languages the bot speaks: one for each bundle {@code i18n/messages_<language>.properties} on the classpath
 * ({@code <language>} an ISO 639 code: {@code en}, {@code ru}, {@code de}), so adding a language is adding files —
 * the bundle, and the course's texts in it ({@code content/README.md}) — never code. {@code defaultLanguage} speaks to
 * users whose Telegram language the bot does not speak ({@code DEFAULT_LANGUAGE}).
 *
 * @param codes the languages, sorted; the default among them
 * @param defaultLanguage {@code DEFAULT_LANGUAGE}
 */
public record Languages(List<String> codes, String defaultLanguage) {

    static final String BUNDLE = "i18n.messages";
    private static final Pattern BUNDLE_FILE = Pattern.compile("i18n/messages_([a-z]{2,3})\\.properties");

    public Languages {
        codes = List.copyOf(new TreeSet<>(codes));
        if (!codes.contains(defaultLanguage)) {
            throw new IllegalArgumentException(
                    "no messages for the default language " + defaultLanguage + " (the bot speaks " + codes + ")");
        }
    }

    /** The languages of the bundles {@code loader} finds; {@code defaultLanguage} must be one of them. */
    public static Languages discover(ClassLoader loader, String defaultLanguage) {
        return new Languages(loader == Languages.class.getClassLoader() ? bundled() : bundled(loader), defaultLanguage);
    }

    /** The languages of the bundles on the worker's classpath, for validating {@code DEFAULT_LANGUAGE}. */
    public static List<String> bundled() {
        return OwnClasspath.CODES;
    }

    /** The worker's classpath does not change while it runs: it is scanned once, when first asked. */
    private static final class OwnClasspath {
        static final List<String> CODES = bundled(Languages.class.getClassLoader());
    }

    /** One scan of the classpath's {@code i18n} folders (every jar and directory on it, not their subfolders). */
    static List<String> bundled(ClassLoader loader) {
        TreeSet<String> found = new TreeSet<>();
        try (ScanResult scan = new ClassGraph()
                .overrideClassLoaders(loader)
                .acceptPathsNonRecursive("i18n")
                .scan()) {
            for (Resource resource : scan.getResourcesWithExtension("properties")) {
                Matcher file = BUNDLE_FILE.matcher(resource.getPath());
                if (file.matches()) {
                    found.add(file.group(1));
                }
            }
        }
        return List.copyOf(found);
    }

    public boolean speaks(String code) {
        return codes.contains(code);
    }

    /** The language a Telegram {@code language_code} ({@code ru}, {@code en-US}, null…) asks for, when spoken here. */
    public Optional<String> spoken(String languageCode) {
        if (languageCode == null || languageCode.isBlank()) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(languageCode.replace('_', '-')).getLanguage();
        return speaks(language) ? Optional.of(language) : Optional.empty();
    }

    /** {@link #spoken} or else the default. */
    public String resolve(String languageCode) {
        return spoken(languageCode).orElse(defaultLanguage);
    }
}
