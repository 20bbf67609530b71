package dev.trainingbot.worker.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessagesTest {

    private final Messages messages = new Messages("en");

    @Test
    void theUsersTelegramLanguageIsUsedWhenTheBotSpeaksIt() {
        assertThat(messages.localeFor("ru").getLanguage()).isEqualTo("ru");
        assertThat(messages.localeFor("en-US").getLanguage()).isEqualTo("en");
    }

    @Test
    void otherLanguagesGetTheConfiguredDefault() {
        assertThat(messages.localeFor("de").getLanguage()).isEqualTo("en");
        assertThat(messages.localeFor(null).getLanguage()).isEqualTo("en");
        assertThat(new Messages("ru").localeFor("uk").getLanguage()).isEqualTo("ru");
    }

    @Test
    void textsAreFilledInTheUsersLanguage() {
        Locale russian = Locale.forLanguageTag("ru");
        assertThat(messages.text(russian, "guard.banned", messages.text(russian, "duration.minutes", 5)))
                .contains("5 мин");
        assertThat(messages.text(Locale.ENGLISH, "guard.banned", messages.text(Locale.ENGLISH, "duration.minutes", 5)))
                .contains("5 minutes");
        assertThat(messages.text(Locale.ENGLISH, "duration.minutes", 1)).isEqualTo("1 minute");
    }

    @Test
    void bothLanguagesHaveEveryMessage() throws IOException {
        assertThat(load("ru").stringPropertyNames()).isEqualTo(load("en").stringPropertyNames());
    }

    @Test
    void aMissingMessageIsAnErrorNotASilentFallback() {
        assertThatThrownBy(() -> messages.text(Locale.ENGLISH, "no.such.key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.such.key");
    }

    @Test
    void theBundlesPresentAreTheLanguagesTheBotSpeaks() {
        assertThat(messages.languages().codes()).containsExactly("en", "ru");
        assertThat(messages.text(Locale.forLanguageTag("ru"), Messages.LANGUAGE_NAME))
                .isEqualTo("Русский");
    }

    @Test
    void aBundleAddedToTheClasspathIsANewLanguage(@TempDir Path classpath) throws IOException {
        Properties german = load("en");
        german.setProperty(Messages.LANGUAGE_NAME, "Deutsch");
        german.setProperty("guard.banned", "⛔ Gesperrt für {0} Minuten.");
        ClassLoader loader = withBundle(classpath, "de", german);

        Messages three = new Messages(Languages.discover(loader, "en"), loader);

        assertThat(three.languages().codes()).containsExactly("de", "en", "ru");
        assertThat(three.localeFor("de-AT").getLanguage()).isEqualTo("de");
        assertThat(three.text(Locale.GERMAN, "guard.banned", 5)).isEqualTo("⛔ Gesperrt für 5 Minuten.");
    }

    @Test
    void aTextAPartialTranslationLacksIsTheDefaultLanguages(@TempDir Path classpath) throws IOException {
        Properties german = load("en");
        german.setProperty(Messages.LANGUAGE_NAME, "Deutsch");
        german.remove("quiz.right");
        ClassLoader loader = withBundle(classpath, "de", german);

        Messages three = new Messages(Languages.discover(loader, "en"), loader);

        assertThat(three.text(Locale.GERMAN, "quiz.right")).isEqualTo(messages.text(Locale.ENGLISH, "quiz.right"));
        assertThat(three.text(Locale.GERMAN, Messages.LANGUAGE_NAME)).isEqualTo("Deutsch");
    }

    @Test
    void aDefaultLanguageWithoutABundleIsRefused() {
        assertThatThrownBy(() -> new Messages("de"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("de");
    }

    private static ClassLoader withBundle(Path classpath, String language, Properties bundle) throws IOException {
        Path file = classpath.resolve("i18n/messages_" + language + ".properties");
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            bundle.store(out, null);
        }
        return new URLClassLoader(new URL[] {classpath.toUri().toURL()}, MessagesTest.class.getClassLoader());
    }

    private static Properties load(String language) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/i18n/messages_" + language + ".properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
